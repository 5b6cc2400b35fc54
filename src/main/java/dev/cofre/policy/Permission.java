package dev.cofre.policy;

import java.util.Locale;

import dev.cofre.common.InvalidInputException;

/**
 * What a policy grants on the credentials it selects. {@code AUDIT} lets a non-admin read the audit trail.
 * {@code SFTP} (the target's sftp subsystem) and {@code PORT_FORWARDING} (local forwarding, {@code ssh -L},
 * opened from the target) go through the SSH gateway and need START_SESSION as well.
 * Stored by name: never rename a constant; append new ones.
 */
public enum Permission {
    VIEW_PASSWORD, START_SESSION, EDIT, DELETE, AUDIT, SFTP, PORT_FORWARDING;

    public static Permission parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("permissions",
                    "unknown permission; accepted: VIEW_PASSWORD, START_SESSION, EDIT, DELETE, AUDIT, SFTP, "
                            + "PORT_FORWARDING");
        }
    }
}
