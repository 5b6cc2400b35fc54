package dev.cofre.credential;

import java.util.List;
import java.util.UUID;

/**
 * What the {@link CredentialSearchIndex} says about a search: the only credentials that can match ({@code ids},
 * possibly none), that too many may match to list them ({@code many}), or nothing (not built, or no index).
 */
record Candidates(List<UUID> ids, boolean many) {

    static final Candidates UNKNOWN = new Candidates(null, false);
    static final Candidates MANY = new Candidates(null, true);

    static Candidates of(List<UUID> ids) {
        return new Candidates(List.copyOf(ids), false);
    }

    boolean listed() {
        return ids != null;
    }
}
