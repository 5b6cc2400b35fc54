package dev.cofre.audit;

import java.time.Instant;
import java.util.UUID;

import dev.cofre.common.InvalidInputException;

/** Filters for reading the trail; every field is optional. Newest records first. */
public record AuditQuery(String actor, UUID credentialId, AuditAction action, Instant from, Instant to, int page,
                         int size) {

    public static final int MAX_SIZE = 500;

    public AuditQuery {
        if (page < 0 || page > 10_000_000) {
            throw new InvalidInputException("page", "page must be between 0 and 10000000");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "size must be between 1 and " + MAX_SIZE);
        }
        if (actor != null && actor.length() > 64) {
            throw new InvalidInputException("actor", "actor is limited to 64 characters");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException("from", "from must not be after to");
        }
    }

    public static AuditAction parseAction(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return AuditAction.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("action", "unknown action; see AuditAction in the API documentation");
        }
    }
}
