package dev.cofre.credential;

import java.util.Locale;

import dev.cofre.common.InvalidInputException;

/** What a credential logs into. Stored by its lower-case name. */
public enum CredentialType {
    SSH, DATABASE, WEB, OTHER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CredentialType parse(String value) {
        if (value == null || value.isBlank()) {
            return OTHER;
        }
        for (CredentialType type : values()) {
            if (type.key().equalsIgnoreCase(value.strip())) {
                return type;
            }
        }
        throw new InvalidInputException("type", "unknown credential type; accepted: ssh, database, web, other");
    }
}
