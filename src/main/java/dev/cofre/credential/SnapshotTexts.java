package dev.cofre.credential;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.roaringbitmap.RoaringBitmap;

/**
 * The search texts a {@link TrigramPostings} was built from, by number, so that a count can test them in memory.
 * Kept compactly: one byte a character in one array (search texts are lower-cased names, hosts and URLs, nearly
 * always Latin-1: ~60 bytes a credential), the rare other text as its {@code String}. Not thread-safe.
 */
final class SnapshotTexts {

    private byte[] bytes = new byte[64 * 1024];
    private int[] starts = new int[1024 + 1];
    private int count;
    private final RoaringBitmap wideNumbers = new RoaringBitmap();
    private final Map<Integer, String> wide = new HashMap<>();

    /** Adds the next text (numbered from 0 in the order added). */
    void add(String text) {
        int start = starts[count];
        boolean latin1 = latin1(text);
        int end = latin1 ? start + text.length() : start;
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
        }
        if (latin1) {
            System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, start, text.length());
        } else {
            wideNumbers.add(count);
            wide.put(count, text);
        }
        if (count + 2 > starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[++count] = end;
    }

    /** Gives back spare capacity: once, after the last text. */
    void trim() {
        bytes = Arrays.copyOf(bytes, starts[count]);
        starts = Arrays.copyOf(starts, count + 1);
    }

    /** Whether text {@code number} contains {@code needle}, as {@code LIKE '%needle%'} compares: char for char. */
    boolean contains(int number, Needle needle) {
        if (wideNumbers.contains(number)) {
            return wide.get(number).contains(needle.text);
        }
        return needle.latin1 != null && contains(bytes, starts[number], starts[number + 1], needle.latin1);
    }

    private static boolean contains(byte[] haystack, int from, int to, byte[] needle) {
        byte first = needle[0];
        next:
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue next;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** A non-empty text searched for, with its one-byte form when it has one (else no Latin-1 text contains it). */
    static final class Needle {
        final String text;
        final byte[] latin1;

        Needle(String text) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty needle");
            }
            this.text = text;
            latin1 = latin1(text) ? text.getBytes(StandardCharsets.ISO_8859_1) : null;
        }
    }
}
