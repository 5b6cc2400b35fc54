package dev.cofre.credential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.roaringbitmap.RoaringBitmap;

/**
 * For each three-character window of the credentials' search texts, which credentials have it. A text that
 * contains a query contains every window of the query, so the credentials that have all of them are a superset of
 * the matches, and usually a small one: the database then tests only those rows instead of every row.
 *
 * <p>Windows are never taken away (a changed text keeps its old ones until the next rebuild): a superset stays a
 * superset, whatever order the changes arrive in. Not thread-safe; {@link CredentialSearchIndex} guards it.
 */
final class TrigramPostings {

    private final Map<UUID, Integer> ordinals = new HashMap<>();
    private final List<UUID> ids = new ArrayList<>();
    private final Map<Long, RoaringBitmap> postings = new HashMap<>();
    private long size;

    /** Adds the windows of {@code text} to {@code id}'s; true when one of them is new for it. */
    boolean add(UUID id, String text) {
        Integer known = ordinals.get(id);
        int ordinal = known != null ? known : ordinalFor(id);
        boolean grew = false;
        for (int i = 0; i + 3 <= text.length(); i++) {
            if (postings.computeIfAbsent(window(text, i), w -> new RoaringBitmap()).checkedAdd(ordinal)) {
                size++;
                grew = true;
            }
        }
        return grew;
    }

    private int ordinalFor(UUID id) {
        int ordinal = ids.size();
        ids.add(id);
        ordinals.put(id, ordinal);
        return ordinal;
    }

    /**
     * The ids whose windows include every window of {@code q}, or null when {@code q} is shorter than a window
     * (it narrows nothing) or more than {@code max} ids have them (the caller is better off testing every row).
     */
    List<UUID> candidates(String q, int max) {
        if (q.length() < 3) {
            return null;
        }
        List<RoaringBitmap> lists = new ArrayList<>();
        for (int i = 0; i + 3 <= q.length(); i++) {
            RoaringBitmap list = postings.get(window(q, i));
            if (list == null) {
                return List.of();
            }
            lists.add(list);
        }
        lists.sort((a, b) -> Integer.compare(a.getCardinality(), b.getCardinality()));
        RoaringBitmap matches = lists.get(0).clone();
        for (int i = 1; i < lists.size() && !matches.isEmpty(); i++) {
            matches.and(lists.get(i));
        }
        if (matches.getCardinality() > max) {
            return null;
        }
        List<UUID> found = new ArrayList<>(matches.getCardinality());
        matches.forEach((int ordinal) -> found.add(ids.get(ordinal)));
        return found;
    }

    /** Credentials known (including deleted ones not yet dropped by a rebuild). */
    int documents() {
        return ids.size();
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
