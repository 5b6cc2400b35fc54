package dev.cofre.auth;

import java.util.List;

/** A user as an admin sends it; on update a null password keeps the current one, null groups keep them. */
public record UserDraft(String username, String password, Boolean admin, Boolean enabled, List<String> groups) {

    @Override
    public String toString() {
        return "UserDraft[username=" + username + ", password=<masked>, admin=" + admin + ", enabled=" + enabled
                + ", groups=" + groups + "]";
    }
}
