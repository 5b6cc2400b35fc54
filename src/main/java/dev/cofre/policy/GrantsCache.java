package dev.cofre.policy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's grants, reused while the policy version is unchanged. Every request still reads the version (one
 * primary-key row), so a change committed before the request is always seen; only the join over policies, groups
 * and memberships is saved. The version is read before the grants are computed: grants cached under a version
 * are never older than it.
 */
final class GrantsCache {

    private static final int MAX_USERS = 10_000;
    /** Belt and braces: even an unchanged version does not keep grants longer than this. */
    private static final long MAX_AGE_NANOS = 60_000_000_000L;

    /** By id and name: a policy names its user subjects by username, and a recreated user gets a new id. */
    private record Key(UUID userId, String username) {
    }

    private record Entry(long version, List<Grants.Grant> grants, long loadedAt) {
    }

    private final PolicyRepository repository;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    GrantsCache(PolicyRepository repository) {
        this.repository = repository;
    }

    List<Grants.Grant> grantsFor(UUID userId, String username) {
        long version = repository.version();
        Key key = new Key(userId, username);
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && e.version() == version && now - e.loadedAt() < MAX_AGE_NANOS) {
            return e.grants();
        }
        List<Grants.Grant> grants = List.copyOf(repository.grantsFor(userId, username));
        if (entries.size() >= MAX_USERS) {
            entries.clear();
        }
        entries.put(key, new Entry(version, grants, now));
        return grants;
    }
}
