package dev.cofre.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * The master key given as {@code cofre.crypto.master-key} (env {@code COFRE_MASTER_KEY}): base64 of exactly 32
 * bytes. Anything else refuses start-up with a message that names the property and never echoes the value (nor
 * the decoder's message, which quotes the offending character).
 */
final class EnvironmentMasterKeySource implements MasterKeySource {

    static final String NAME = "cofre.crypto.master-key (COFRE_MASTER_KEY)";
    private static final String HOW = "Set COFRE_MASTER_KEY to the base64 of 32 random bytes, e.g. the output of "
            + "'openssl rand -base64 32', or unset it to use the key file in the data directory.";

    private final String value;

    EnvironmentMasterKeySource(String value) {
        this.value = value;
    }

    @Override
    public byte[] load() {
        if (value == null || value.isBlank()) {
            throw new MasterKeyException(NAME + " is empty.", HOW);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException(NAME + " is not valid base64.", HOW);
        }
        if (key.length != KeyRing.KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new MasterKeyException(NAME + " decodes to " + length + " bytes; it must be exactly "
                    + KeyRing.KEY_BYTES + " bytes (256 bits).", HOW);
        }
        return key;
    }

    @Override
    public String describe() {
        return NAME;
    }

    @Override
    public String toString() {
        return "EnvironmentMasterKeySource[<masked>]";
    }
}
