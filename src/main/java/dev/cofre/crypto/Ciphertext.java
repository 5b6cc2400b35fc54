package dev.cofre.crypto;

/**
 * A sealed value as stored in the database: opaque, self-describing bytes (layout owned by the barrier) and the
 * master-key version that wrapped its data key. Holds no plaintext and prints none of its bytes.
 */
public record Ciphertext(int keyVersion, byte[] bytes) {

    public Ciphertext {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("ciphertext must not be empty");
        }
    }

    @Override
    public String toString() {
        return "Ciphertext[v" + keyVersion + ", " + bytes.length + " bytes]";
    }
}
