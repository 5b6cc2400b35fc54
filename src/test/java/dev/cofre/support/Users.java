package dev.cofre.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates users and policies through the REST API as the admin, with names unique to each call. */
public final class Users {

    public static final String PASSWORD = "user-password-for-tests";

    private Users() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user and returns a client logged in as them. */
    public static ApiClient create(ApiClient admin, ApiClient anonymous, String username) {
        ApiClient.Response r = admin.post("/api/v1/users", Map.of("username", username, "password", PASSWORD));
        if (r.status() != 201) {
            throw new IllegalStateException("user creation failed: " + r.status() + " " + r.body());
        }
        return anonymous.login(username, PASSWORD);
    }

    public static String grant(ApiClient admin, String subject, String selector, String... permissions) {
        ApiClient.Response r = admin.post("/api/v1/policies", Map.of("name", unique("policy"),
                "subjects", List.of(subject), "credentials", List.of(selector), "permissions", List.of(permissions)));
        if (r.status() != 201) {
            throw new IllegalStateException("policy creation failed: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asString();
    }
}
