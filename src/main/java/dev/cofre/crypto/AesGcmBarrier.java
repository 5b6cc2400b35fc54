package dev.cofre.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The {@link Barrier}: envelope encryption with AES-256-GCM. Each seal draws a fresh random 256-bit data key,
 * encrypts the plaintext under it (associated data: the {@link Binding}), and wraps the data key under the current
 * master key of the {@link KeyRing} (associated data: the header, i.e. format and key version, and the binding,
 * so a wrapped key cannot be moved to another value, record or key version either).
 *
 * <h2>Ciphertext layout (format 1) — NEVER CHANGE: stored values depend on it</h2>
 * <pre>
 * offset  size    field
 *      0     1    format byte, 0x01
 *      1     4    master key version, big-endian int (&gt;= 1), equal to {@link Ciphertext#keyVersion()}
 *      5    12    wrap nonce (random)
 *     17    48    wrapped data key: AES-256-GCM(master key, 32-byte data key) incl. 16-byte tag
 *     65    12    data nonce (random)
 *     77  n+16    AES-256-GCM(data key, plaintext) incl. 16-byte tag; n = plaintext length, 0..{@value #MAX_PLAINTEXT_BYTES}
 * </pre>
 * Wrap associated data: {@code "cofre/wrap/v1|"} + bytes 0..4 of the layout + {@link Binding#associatedData()}.
 * Data associated data: {@link Binding#associatedData()}. A new layout gets a new format byte; format 1 keeps opening.
 *
 * <p>Invariants: never returns plaintext for a value that was altered, truncated, extended, moved to another binding
 * or sealed under another master key; failure messages are one fixed sentence that reveals nothing about the value.
 * Thread-safe: no mutable state besides the thread-safe {@link SecureRandom}; a {@link Cipher} is made per call
 * (cheap in the JDK provider; the expensive key material is set up once in the ring).
 */
final class AesGcmBarrier implements Barrier {

    static final byte FORMAT_V1 = 0x01;
    /** Passwords, TOTP seeds and private keys fit easily; bounding it lets {@code open} reject oversized input. */
    static final int MAX_PLAINTEXT_BYTES = 64 * 1024;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int DATA_KEY_BYTES = 32;
    private static final int HEADER_BYTES = 1 + 4;
    private static final int WRAP_NONCE_OFFSET = HEADER_BYTES;
    private static final int WRAPPED_KEY_OFFSET = WRAP_NONCE_OFFSET + NONCE_BYTES;
    private static final int WRAPPED_KEY_BYTES = DATA_KEY_BYTES + TAG_BYTES;
    private static final int DATA_NONCE_OFFSET = WRAPPED_KEY_OFFSET + WRAPPED_KEY_BYTES;
    private static final int DATA_OFFSET = DATA_NONCE_OFFSET + NONCE_BYTES;
    static final int OVERHEAD_BYTES = DATA_OFFSET + TAG_BYTES;

    private static final byte[] WRAP_LABEL = "cofre/wrap/v1|".getBytes(StandardCharsets.US_ASCII);
    // One sentence for every failure: which check failed would help an attacker probe, not an operator.
    private static final String TAMPERED = "sealed value could not be opened: it was altered, moved to another "
            + "record or field, or sealed under another master key";

    private final KeyRing keyRing;
    private final SecureRandom random;

    AesGcmBarrier(KeyRing keyRing) {
        this(keyRing, new SecureRandom());
    }

    AesGcmBarrier(KeyRing keyRing, SecureRandom random) {
        this.keyRing = keyRing;
        this.random = random;
    }

    @Override
    public Ciphertext seal(Secret plaintext, Binding binding) {
        byte[] text = plaintext.bytes();
        if (text.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("secret is longer than " + MAX_PLAINTEXT_BYTES + " bytes");
        }
        int version = keyRing.currentVersion();
        byte[] out = new byte[OVERHEAD_BYTES + text.length];
        out[0] = FORMAT_V1;
        ByteBuffer.wrap(out, 1, 4).putInt(version);
        randomInto(out, WRAP_NONCE_OFFSET, NONCE_BYTES);
        randomInto(out, DATA_NONCE_OFFSET, NONCE_BYTES);
        byte[] dataKeyBytes = new byte[DATA_KEY_BYTES];
        DataKey dataKey = null;
        try {
            random.nextBytes(dataKeyBytes);
            dataKey = new DataKey(dataKeyBytes);

            Cipher wrap = Cipher.getInstance(TRANSFORMATION);
            wrap.init(Cipher.ENCRYPT_MODE, keyRing.current(), nonce(out, WRAP_NONCE_OFFSET));
            wrap.updateAAD(wrapAssociatedData(out, binding));
            wrap.doFinal(dataKeyBytes, 0, DATA_KEY_BYTES, out, WRAPPED_KEY_OFFSET);

            Cipher data = Cipher.getInstance(TRANSFORMATION);
            data.init(Cipher.ENCRYPT_MODE, dataKey, nonce(out, DATA_NONCE_OFFSET));
            data.updateAAD(binding.associatedData());
            data.doFinal(text, 0, text.length, out, DATA_OFFSET);
        } catch (GeneralSecurityException e) {
            // Only a broken JDK gets here; the library message names no secret, but keep it out anyway.
            throw new IllegalStateException("AES-GCM is unavailable in this JVM (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(dataKeyBytes, (byte) 0);
            if (dataKey != null) {
                dataKey.destroy();
            }
        }
        return new Ciphertext(version, out);
    }

    @Override
    public Secret open(Ciphertext ciphertext, Binding binding) {
        byte[] in = ciphertext.bytes();
        if (in.length < OVERHEAD_BYTES || in.length > OVERHEAD_BYTES + MAX_PLAINTEXT_BYTES || in[0] != FORMAT_V1) {
            throw tampered();
        }
        int version = ByteBuffer.wrap(in, 1, 4).getInt();
        SecretKey masterKey = keyRing.key(version);
        if (version != ciphertext.keyVersion() || masterKey == null) {
            throw tampered();
        }
        byte[] dataKeyBytes = new byte[DATA_KEY_BYTES];
        DataKey dataKey = null;
        byte[] plaintext = null;
        try {
            Cipher unwrap = Cipher.getInstance(TRANSFORMATION);
            unwrap.init(Cipher.DECRYPT_MODE, masterKey, nonce(in, WRAP_NONCE_OFFSET));
            unwrap.updateAAD(wrapAssociatedData(in, binding));
            unwrap.doFinal(in, WRAPPED_KEY_OFFSET, WRAPPED_KEY_BYTES, dataKeyBytes, 0);
            dataKey = new DataKey(dataKeyBytes);

            Cipher data = Cipher.getInstance(TRANSFORMATION);
            data.init(Cipher.DECRYPT_MODE, dataKey, nonce(in, DATA_NONCE_OFFSET));
            data.updateAAD(binding.associatedData());
            int dataLength = in.length - DATA_OFFSET;
            plaintext = new byte[dataLength - TAG_BYTES];
            data.doFinal(in, DATA_OFFSET, dataLength, plaintext, 0);
            return Secret.wrap(plaintext);
        } catch (AEADBadTagException e) {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
            throw tampered();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(dataKeyBytes, (byte) 0);
            if (dataKey != null) {
                dataKey.destroy();
            }
        }
    }

    private void randomInto(byte[] buffer, int offset, int length) {
        byte[] fresh = new byte[length];
        random.nextBytes(fresh);
        System.arraycopy(fresh, 0, buffer, offset, length);
    }

    private static GCMParameterSpec nonce(byte[] buffer, int offset) {
        return new GCMParameterSpec(TAG_BYTES * 8, buffer, offset, NONCE_BYTES);
    }

    private static byte[] wrapAssociatedData(byte[] layout, Binding binding) {
        byte[] bindingData = binding.associatedData();
        byte[] aad = new byte[WRAP_LABEL.length + HEADER_BYTES + bindingData.length];
        System.arraycopy(WRAP_LABEL, 0, aad, 0, WRAP_LABEL.length);
        System.arraycopy(layout, 0, aad, WRAP_LABEL.length, HEADER_BYTES);
        System.arraycopy(bindingData, 0, aad, WRAP_LABEL.length + HEADER_BYTES, bindingData.length);
        return aad;
    }

    private static CiphertextTamperedException tampered() {
        return new CiphertextTamperedException(TAMPERED);
    }

    @Override
    public String toString() {
        return "AesGcmBarrier[" + keyRing + "]";
    }

    /**
     * A one-use data key that can be wiped, unlike {@code SecretKeySpec} on Java 17. The provider gets copies from
     * {@link #getEncoded()}; those are its to drop, ours is zeroed by {@link #destroy()}.
     */
    private static final class DataKey implements SecretKey {

        private static final long serialVersionUID = 1L;
        private final byte[] key;
        private volatile boolean destroyed;

        DataKey(byte[] source) {
            this.key = source.clone();
        }

        @Override
        public String getAlgorithm() {
            return "AES";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            if (destroyed) {
                throw new IllegalStateException("data key was destroyed");
            }
            return key.clone();
        }

        @Override
        public void destroy() {
            destroyed = true;
            Arrays.fill(key, (byte) 0);
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        @Override
        public String toString() {
            return "DataKey[<masked>]";
        }
    }
}
