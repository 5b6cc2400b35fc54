package dev.cofre.crypto;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The numbered master key versions: version -> 256-bit AES key. New values are sealed under {@link #currentVersion()};
 * every version in the ring still opens what it sealed, so adding a version never strands old data.
 *
 * <p>Invariants: immutable once built; every key is exactly 32 bytes; versions are positive; the current version
 * is in the ring; no key is ever printed ({@link #toString()} shows versions only).
 */
final class KeyRing {

    static final int KEY_BYTES = 32;

    private final int currentVersion;
    private final SortedMap<Integer, SecretKey> keys;

    private KeyRing(int currentVersion, SortedMap<Integer, SecretKey> keys) {
        this.currentVersion = currentVersion;
        this.keys = Collections.unmodifiableSortedMap(keys);
    }

    /** A ring holding one key as version 1. Copies {@code key}; the caller keeps (and should wipe) its array. */
    static KeyRing single(byte[] key) {
        return of(1, Map.of(1, key));
    }

    /** Copies every key; the caller keeps (and should wipe) its arrays. */
    static KeyRing of(int currentVersion, Map<Integer, byte[]> keysByVersion) {
        if (!keysByVersion.containsKey(currentVersion)) {
            throw new IllegalArgumentException("current key version " + currentVersion + " is not in the ring");
        }
        SortedMap<Integer, SecretKey> keys = new TreeMap<>();
        keysByVersion.forEach((version, key) -> {
            if (version == null || version < 1) {
                throw new IllegalArgumentException("key versions start at 1");
            }
            if (key == null || key.length != KEY_BYTES) {
                // Never include the key (or its bytes) in the message.
                throw new IllegalArgumentException("master key version " + version + " must be exactly "
                        + KEY_BYTES + " bytes");
            }
            // SecretKeySpec copies the bytes; built once here so the hot path does no key setup.
            keys.put(version, new SecretKeySpec(key, "AES"));
        });
        return new KeyRing(currentVersion, keys);
    }

    int currentVersion() {
        return currentVersion;
    }

    SecretKey current() {
        return keys.get(currentVersion);
    }

    /** The key for {@code version}, or {@code null} when the ring does not hold it. */
    SecretKey key(int version) {
        return keys.get(version);
    }

    boolean contains(int version) {
        return keys.containsKey(version);
    }

    /** Versions in ascending order. */
    int[] versions() {
        return keys.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "KeyRing[current=v" + currentVersion + ", versions=" + Arrays.toString(versions()) + ", keys=<masked>]";
    }
}
