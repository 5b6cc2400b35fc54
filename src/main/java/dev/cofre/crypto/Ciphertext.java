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

    /**
     * Rebuilds a ciphertext from the bytes a column holds: the key version is read from the self-describing header
     * (see {@link AesGcmBarrier} for the layout). Malformed bytes fail when opened, not here.
     */
    public static Ciphertext fromStored(byte[] bytes) {
        int version = bytes.length >= 5
                ? ((bytes[1] & 0xFF) << 24) | ((bytes[2] & 0xFF) << 16) | ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF)
                : 0;
        return new Ciphertext(version, bytes);
    }

    @Override
    public String toString() {
        return "Ciphertext[v" + keyVersion + ", " + bytes.length + " bytes]";
    }
}
