package dev.cofre.policy;

import java.util.Locale;

import dev.cofre.common.InvalidInputException;

/**
 * What a policy grants on the credentials it selects. {@code AUDIT} lets a non-admin read the audit trail.
 * Stored by name: never rename a constant.
 */
public enum Permission {
    VIEW_PASSWORD, START_SESSION, EDIT, DELETE, AUDIT;

    public static Permission parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("permissions",
                    "unknown permission; accepted: VIEW_PASSWORD, START_SESSION, EDIT, DELETE, AUDIT");
        }
    }
}
