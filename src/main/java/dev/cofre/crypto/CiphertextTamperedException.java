package dev.cofre.crypto;

/** A sealed value failed authentication: altered, copied to another binding, or sealed under another key. */
public class CiphertextTamperedException extends RuntimeException {

    public CiphertextTamperedException(String message) {
        super(message);
    }
}
