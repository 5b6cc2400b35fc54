package dev.cofre.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What a sealed value belongs to: its owner (e.g. {@code credential:<uuid>}) and field (e.g. {@code password}).
 * Used as AES-GCM associated data, so ciphertext copied to another row or field does not open.
 */
public record Binding(String owner, String field) {

    public Binding {
        if (owner == null || owner.isEmpty() || field == null || field.isEmpty()) {
            throw new IllegalArgumentException("binding needs an owner and a field");
        }
    }

    public static Binding of(String owner, String field) {
        return new Binding(owner, field);
    }

    /** The associated data. Never change this format: existing ciphertext depends on it. */
    public byte[] associatedData() {
        return ("cofre/v1|" + owner.length() + ":" + owner + "|" + field.length() + ":" + field)
                .getBytes(StandardCharsets.UTF_8);
    }
}
