package dev.cofre.credential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.roaringbitmap.RoaringBitmap;

/**
 * For each three-character window of the credentials' search texts, which credentials have it. A text that
 * contains a query contains every window of the query, so the credentials that have all of them are a superset of
 * the matches, and usually a small one: the database then tests only those rows instead of every row.
 *
 * <p>Windows are never taken away (a changed text is added again, under a new number, and its old windows stay
 * until the next rebuild): a superset stays a superset, whatever order the changes arrive in. Each text added
 * gets the next number; the ids are kept as two {@code long}s a number (16 bytes, against ~80 for a map of
 * {@link UUID} objects).
 *
 * <p>The texts added before {@link #compact()} are a <em>snapshot</em> (one read of the table: each credential
 * once) and are kept, so that {@link #countUntouched} can count exactly, in memory, the snapshot's matches among
 * the credentials not {@linkplain #touched touched} since. Not thread-safe; {@link CredentialSearchIndex} guards it.
 */
final class TrigramPostings {

    private final Map<Long, RoaringBitmap> postings = new HashMap<>();
    private long[] idBits = new long[2 * 1024];
    private int texts;
    private long size;
    // The snapshot: its texts until compact(), then its size (-1 before), and which of its credentials changed since.
    private final SnapshotTexts snapshotTexts = new SnapshotTexts();
    private int snapshot = -1;
    private int[] slots;
    private final Set<UUID> touchedIds = new HashSet<>();
    private final RoaringBitmap touchedNumbers = new RoaringBitmap();

    /** Adds {@code text} as {@code id}'s (next to any text it had). */
    void add(UUID id, String text) {
        int number = texts++;
        if (2 * texts > idBits.length) {
            idBits = Arrays.copyOf(idBits, Math.max(2 * 1024, idBits.length * 2));
        }
        idBits[2 * number] = id.getMostSignificantBits();
        idBits[2 * number + 1] = id.getLeastSignificantBits();
        if (snapshot < 0) {
            snapshotTexts.add(text);
        }
        for (int i = 0; i + 3 <= text.length(); i++) {
            if (postings.computeIfAbsent(window(text, i), w -> new RoaringBitmap()).checkedAdd(number)) {
                size++;
            }
        }
    }

    /**
     * Ends the snapshot (later texts are windows only) and gives back spare capacity; packs runs (a window most
     * texts have is a few runs). Once, after a build's read.
     */
    void compact() {
        for (RoaringBitmap list : postings.values()) {
            list.runOptimize();
            list.trim();
        }
        idBits = Arrays.copyOf(idBits, 2 * texts);
        snapshotTexts.trim();
        snapshot = texts;
        slots = new int[Math.max(16, Integer.highestOneBit(Math.max(1, 2 * snapshot)) << 1)];
        for (int number = 0; number < snapshot; number++) {
            int slot = slot(idBits[2 * number], idBits[2 * number + 1]);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = number + 1;
        }
    }

    /**
     * The ids whose windows include every window of {@code q}; {@link Candidates#MANY} when more than {@code max}
     * have them, or when {@code q} is shorter than a window (it narrows nothing, and matches much as a rule).
     */
    Candidates candidates(String q, int max) {
        if (q.length() < 3) {
            return Candidates.MANY;
        }
        RoaringBitmap matches = withEveryWindow(q);
        if (matches.getCardinality() > max) {
            return Candidates.MANY;
        }
        // An id added again (a changed text) has several numbers: once each.
        Set<UUID> found = new LinkedHashSet<>();
        matches.forEach((int number) -> found.add(new UUID(idBits[2 * number], idBits[2 * number + 1])));
        return Candidates.of(new ArrayList<>(found));
    }

    /** The numbers whose texts have every window of {@code q} (at least three characters long). */
    private RoaringBitmap withEveryWindow(String q) {
        List<RoaringBitmap> lists = new ArrayList<>();
        for (int i = 0; i + 3 <= q.length(); i++) {
            RoaringBitmap list = postings.get(window(q, i));
            if (list == null) {
                return new RoaringBitmap();
            }
            lists.add(list);
        }
        lists.sort((a, b) -> Integer.compare(a.getCardinality(), b.getCardinality()));
        RoaringBitmap matches = lists.get(0).clone();
        for (int i = 1; i < lists.size() && !matches.isEmpty(); i++) {
            matches.and(lists.get(i));
        }
        return matches;
    }

    /** {@code id} may have changed since the snapshot (a change began: created, changed or deleted). */
    void touched(UUID id) {
        if (snapshot >= 0 && touchedIds.add(id)) {
            int number = snapshotNumber(id);
            if (number >= 0) {
                touchedNumbers.add(number);
            }
        }
    }

    /** The ids {@linkplain #touched touched} since the snapshot. */
    List<UUID> touchedIds() {
        return List.copyOf(touchedIds);
    }

    int touchedCount() {
        return touchedIds.size();
    }

    /**
     * How many of the snapshot's texts contain {@code q} (non-empty), leaving out the credentials touched since;
     * -1 before {@link #compact()}.
     */
    long countUntouched(String q) {
        if (snapshot < 0) {
            return -1;
        }
        RoaringBitmap among = q.length() < 3 ? RoaringBitmap.bitmapOfRange(0, snapshot) : withEveryWindow(q);
        among.remove(snapshot, Math.max(snapshot, texts));
        among.andNot(touchedNumbers);
        SnapshotTexts.Needle needle = new SnapshotTexts.Needle(q);
        long[] found = {0};
        among.forEach((int number) -> {
            if (snapshotTexts.contains(number, needle)) {
                found[0]++;
            }
        });
        return found[0];
    }

    /** Texts added (changed credentials count again, deleted ones until a rebuild drops them). */
    int documents() {
        return texts;
    }

    /** (window, credential) pairs held: what the memory grows with. */
    long size() {
        return size;
    }

    private int snapshotNumber(UUID id) {
        long most = id.getMostSignificantBits();
        long least = id.getLeastSignificantBits();
        for (int slot = slot(most, least); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
            int number = slots[slot] - 1;
            if (idBits[2 * number] == most && idBits[2 * number + 1] == least) {
                return number;
            }
        }
        return -1;
    }

    private int slot(long most, long least) {
        long h = (most ^ least) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (slots.length - 1);
    }

    /** Three UTF-16 units in one key. */
    private static long window(String s, int i) {
        return ((long) s.charAt(i) << 32) | ((long) s.charAt(i + 1) << 16) | s.charAt(i + 2);
    }
}
