package dev.cofre.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An access policy: who ({@code subjects}), on which credentials ({@code credentials}), may do what. */
public record Policy(UUID id, String name, String description, List<String> subjects, List<String> credentials,
                     Set<Permission> permissions, Instant createdAt, Instant updatedAt) {
}
