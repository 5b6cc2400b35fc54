package dev.cofre.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Plaintext secret bytes (a password or a TOTP seed). Wipes itself on {@link #close()} and never prints its
 * content, so a {@code Secret} that slips into a log line or an exception message shows {@code Secret[***]}.
 * Use it in try-with-resources and turn it into a {@code String} only at the edge where a response is written.
 */
public final class Secret implements AutoCloseable {

    private final byte[] bytes;
    private volatile boolean closed;

    private Secret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes}: the caller must not keep or reuse the array. */
    public static Secret wrap(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("secret bytes must not be null");
        }
        return new Secret(bytes);
    }

    /** Copies {@code bytes}; the caller keeps (and should wipe) its own array. */
    public static Secret copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    public static Secret ofUtf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The live bytes, not a copy: do not keep a reference beyond this secret's life. */
    public byte[] bytes() {
        ensureOpen();
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** Decodes the bytes as UTF-8; fails (without showing the content) if they are not valid UTF-8. */
    public String utf8() {
        ensureOpen();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("secret is not valid UTF-8");
        }
    }

    public boolean contentEquals(Secret other) {
        return java.security.MessageDigest.isEqual(bytes(), other.bytes());
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("secret was closed");
        }
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
