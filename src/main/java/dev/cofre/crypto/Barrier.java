package dev.cofre.crypto;

/**
 * The only component that turns ciphertext into plaintext or back. Storage below it is untrusted: every value
 * is authenticated (AES-256-GCM) and bound to its owner through associated data, so ciphertext copied to
 * another row or field will not open.
 */
public interface Barrier {

    Ciphertext seal(Secret plaintext, Binding binding);

    /** @throws CiphertextTamperedException when the value was altered, moved, or sealed under another key */
    Secret open(Ciphertext ciphertext, Binding binding);
}
