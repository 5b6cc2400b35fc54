package dev.cofre.policy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A named set of users that policies can grant to as {@code group:<name>}. */
public record Group(UUID id, String name, String description, List<String> members, Instant createdAt,
                    Instant updatedAt) {
}
