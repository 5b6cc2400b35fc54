package dev.cofre.crypto;

/**
 * The configured master key does not open this vault's key check value: it is not the key the data was sealed
 * with (or the check row was altered). Cofre refuses to start rather than run with a key that cannot open, or would
 * seal new values unreadable alongside, the existing data.
 */
public final class KeyCheckFailedException extends MasterKeyException {

    private final int keyVersion;

    public KeyCheckFailedException(String message, String action, int keyVersion) {
        super(message, action);
        this.keyVersion = keyVersion;
    }

    public int keyVersion() {
        return keyVersion;
    }
}
