package dev.cofre.credential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * {@link UUID} objects). Not thread-safe; {@link CredentialSearchIndex} guards it.
 */
final class TrigramPostings {

    private final Map<Long, RoaringBitmap> postings = new HashMap<>();
    private long[] idBits = new long[2 * 1024];
    private int texts;
    private long size;

    /** Adds {@code text} as {@code id}'s (next to any text it had). */
    void add(UUID id, String text) {
        int number = texts++;
        if (2 * texts > idBits.length) {
            idBits = Arrays.copyOf(idBits, Math.max(2 * 1024, idBits.length * 2));
        }
        idBits[2 * number] = id.getMostSignificantBits();
        idBits[2 * number + 1] = id.getLeastSignificantBits();
        for (int i = 0; i + 3 <= text.length(); i++) {
            if (postings.computeIfAbsent(window(text, i), w -> new RoaringBitmap()).checkedAdd(number)) {
                size++;
            }
        }
    }

    /** Gives back spare capacity and packs runs (a window most texts have is a few runs): once, after a build. */
    void compact() {
        for (RoaringBitmap list : postings.values()) {
            list.runOptimize();
            list.trim();
        }
        idBits = Arrays.copyOf(idBits, 2 * texts);
    }

    /**
     * The ids whose windows include every window of {@code q}; {@link Candidates#MANY} when more than {@code max}
     * have them, or when {@code q} is shorter than a window (it narrows nothing, and matches much as a rule).
     */
    Candidates candidates(String q, int max) {
        if (q.length() < 3) {
            return Candidates.MANY;
        }
        List<RoaringBitmap> lists = new ArrayList<>();
        for (int i = 0; i + 3 <= q.length(); i++) {
            RoaringBitmap list = postings.get(window(q, i));
            if (list == null) {
                return Candidates.of(List.of());
            }
            lists.add(list);
        }
        lists.sort((a, b) -> Integer.compare(a.getCardinality(), b.getCardinality()));
        RoaringBitmap matches = lists.get(0).clone();
        for (int i = 1; i < lists.size() && !matches.isEmpty(); i++) {
            matches.and(lists.get(i));
        }
        if (matches.getCardinality() > max) {
            return Candidates.MANY;
        }
        // An id added again (a changed text) has several numbers: once each.
        Set<UUID> found = new LinkedHashSet<>();
        matches.forEach((int number) -> found.add(new UUID(idBits[2 * number], idBits[2 * number + 1])));
        return Candidates.of(new ArrayList<>(found));
    }

    /** Texts added (changed credentials count again, deleted ones until a rebuild drops them). */
    int documents() {
        return texts;
    }

    /** (window, credential) pairs held: what the memory grows with. */
    long size() {
        return size;
    }

    /** Three UTF-16 units in one key. */
    private static long window(String s, int i) {
        return ((long) s.charAt(i) << 32) | ((long) s.charAt(i + 1) << 16) | s.charAt(i + 2);
    }
}
