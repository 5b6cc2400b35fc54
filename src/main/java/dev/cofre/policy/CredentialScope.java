package dev.cofre.policy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The credentials an actor may see, as the credential list's SQL needs it: everything ({@code all}), or the
 * union of explicit ids, tags and host LIKE patterns. Empty means nothing (default deny).
 */
public record CredentialScope(boolean all, Set<UUID> ids, Set<String> tags, List<String> hostLikePatterns) {

    public static CredentialScope everything() {
        return new CredentialScope(true, Set.of(), Set.of(), List.of());
    }

    public boolean none() {
        return !all && ids.isEmpty() && tags.isEmpty() && hostLikePatterns.isEmpty();
    }
}
