package dev.cofre.crypto;

/**
 * The master key is missing, malformed, unreadable or insecurely stored, so Cofre refuses to start. The message
 * names the property or file to fix and never contains key material; {@link #action()} tells the operator what to do.
 */
public class MasterKeyException extends RuntimeException {

    private final String action;

    public MasterKeyException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the operator should do about it, for the start-up failure report. */
    public String action() {
        return action;
    }
}
