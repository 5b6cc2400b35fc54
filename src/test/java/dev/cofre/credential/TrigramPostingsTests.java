package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TrigramPostingsTests {

    // Few letters, so that random texts share windows and queries match; LIKE's wildcards, the escape, a newline
    // (the field separator), an accented letter and a surrogate pair (two UTF-16 units) among them.
    private static final String[] ALPHABET = {"a", "b", "c", "%", "_", "\\", "\n", "é", "\uD83D\uDD11"};
    // For counts: the last one-byte character and the first past it, which makes a text one kept as a String.
    private static final String[] COUNT_ALPHABET = {"a", "b", "%", "_", "\\", "\n", "é", "\u00FF", "\u0100",
            "\uD83D\uDD11"};

    @Test
    void candidatesIncludeEveryTextContainingTheQueryAcrossRandomTextsAndChanges() {
        Random random = new Random(7);
        TrigramPostings postings = new TrigramPostings();
        Map<UUID, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            UUID id = UUID.randomUUID();
            texts.put(id, randomText(random, 3 + random.nextInt(30)));
            postings.add(id, texts.get(id));
        }
        List<UUID> ids = new ArrayList<>(texts.keySet());
        for (int i = 0; i < 100; i++) { // changed texts: the new windows are added, the old ones stay
            UUID id = ids.get(random.nextInt(ids.size()));
            texts.put(id, randomText(random, 3 + random.nextInt(30)));
            postings.add(id, texts.get(id));
        }
        int narrowed = 0;
        for (int i = 0; i < 2_000; i++) {
            String q = i % 2 == 0 ? randomText(random, 3 + random.nextInt(5)) : substringOfSome(random, texts);
            List<UUID> candidates = postings.candidates(q, Integer.MAX_VALUE).ids();
            List<UUID> matching = texts.entrySet().stream().filter(e -> e.getValue().contains(q))
                    .map(Map.Entry::getKey).toList();
            assertThat(candidates).as("candidates for %s", q).containsAll(matching);
            if (candidates.size() < texts.size() / 2) {
                narrowed++;
            }
        }
        assertThat(narrowed).as("queries narrowed to less than half the texts").isGreaterThan(1_000);
    }

    @Test
    void aQueryWithAWindowNoTextHasHasNoCandidates() {
        TrigramPostings postings = new TrigramPostings();
        postings.add(UUID.randomUUID(), "prod-db-01\nroot");

        assertThat(postings.candidates("prod-web", 10).ids()).isEmpty();
        assertThat(postings.candidates("zzz", 10).ids()).isEmpty();
    }

    @Test
    void aQueryShorterThanAWindowOrWithTooManyCandidatesNarrowsNothing() {
        TrigramPostings postings = new TrigramPostings();
        for (int i = 0; i < 20; i++) {
            postings.add(UUID.randomUUID(), "srv-" + i);
        }

        assertThat(postings.candidates("sr", 100)).isEqualTo(Candidates.MANY);
        assertThat(postings.candidates("srv", 19)).isEqualTo(Candidates.MANY);
        assertThat(postings.candidates("srv", 20).ids()).hasSize(20);
        assertThat(postings.candidates("srv-1", 20).ids()).hasSize(11); // srv-1, srv-10 .. srv-19
    }

    @Test
    void aChangedTextKeepsItsOldWindowsAndTheIdComesOnce() {
        TrigramPostings postings = new TrigramPostings();
        UUID id = UUID.randomUUID();

        postings.add(id, "alpha-beta");
        postings.add(id, "alpha-gamma");

        assertThat(postings.candidates("alpha", 10).ids()).containsExactly(id);
        assertThat(postings.candidates("beta", 10).ids()).containsExactly(id);
        assertThat(postings.candidates("gamma", 10).ids()).containsExactly(id);
        assertThat(postings.documents()).isEqualTo(2);
        assertThat(postings.size()).isEqualTo(8 + 9);
    }

    @Test
    void compactingKeepsEveryCandidateAndLaterAddsWork() {
        TrigramPostings postings = new TrigramPostings();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) { // beyond the first id array, and dense enough for run containers
            UUID id = UUID.randomUUID();
            ids.add(id);
            postings.add(id, "common-" + i);
        }
        postings.compact();
        UUID late = UUID.randomUUID();
        postings.add(late, "common-late");

        assertThat(postings.candidates("common-", Integer.MAX_VALUE).ids()).hasSize(5_001).containsAll(ids)
                .contains(late);
        assertThat(postings.candidates("n-4999", 10).ids()).containsExactly(ids.get(4_999));
        assertThat(postings.candidates("-late", 10).ids()).containsExactly(late);
    }

    @Test
    void anEmptyCompactedIndexTakesNewTexts() {
        TrigramPostings postings = new TrigramPostings();
        postings.compact();
        UUID id = UUID.randomUUID();
        postings.add(id, "first-after-an-empty-start");

        assertThat(postings.candidates("empty", 10).ids()).containsExactly(id);
    }

    @Test
    void countingFindsExactlyTheSnapshotTextsContainingTheQueryLeavingOutTouchedCredentials() {
        Random random = new Random(13);
        TrigramPostings postings = new TrigramPostings();
        Map<UUID, String> snapshot = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            UUID id = UUID.randomUUID();
            String text = random.nextInt(10) == 0 ? "" : randomText(random, COUNT_ALPHABET, 1 + random.nextInt(40));
            snapshot.put(id, text);
            postings.add(id, text);
        }
        postings.compact();
        List<UUID> ids = new ArrayList<>(snapshot.keySet());
        java.util.Set<UUID> touched = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) { // changed, some twice, and new ones the snapshot never had
            UUID id = i % 10 == 0 ? UUID.randomUUID() : ids.get(random.nextInt(ids.size()));
            touched.add(id);
            postings.touched(id);
            postings.add(id, randomText(random, COUNT_ALPHABET, 1 + random.nextInt(40)));
        }

        int matchedSome = 0;
        for (int i = 0; i < 1_500; i++) {
            String q = i % 2 == 0 ? randomText(random, COUNT_ALPHABET, 1 + random.nextInt(6))
                    : substringOf(random, ids.stream().map(snapshot::get).filter(t -> !t.isEmpty()).toList());
            long expected = snapshot.entrySet().stream()
                    .filter(e -> !touched.contains(e.getKey()) && e.getValue().contains(q)).count();
            assertThat(postings.countUntouched(q)).as("count for %s", q).isEqualTo(expected);
            if (expected > 0) {
                matchedSome++;
            }
        }
        assertThat(matchedSome).as("queries that matched something").isGreaterThan(700);
        assertThat(postings.touchedIds()).containsExactlyInAnyOrderElementsOf(touched);
    }

    @Test
    void countingIsUnknownUntilTheSnapshotEndsAndCountsNoLaterText() {
        TrigramPostings postings = new TrigramPostings();
        postings.add(UUID.randomUUID(), "srv-01");
        assertThat(postings.countUntouched("srv")).isEqualTo(-1);

        postings.compact();
        UUID late = UUID.randomUUID();
        postings.touched(late);
        postings.add(late, "srv-02");

        assertThat(postings.countUntouched("srv")).isEqualTo(1);
        assertThat(postings.countUntouched("s")).isEqualTo(1);
        assertThat(postings.countUntouched("srv-02")).isZero();
        assertThat(postings.touchedIds()).containsExactly(late);
    }

    private static String randomText(Random random, String[] alphabet, int units) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < units) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private static String substringOf(Random random, List<String> texts) {
        String text = texts.get(random.nextInt(texts.size()));
        int length = Math.min(text.length(), 1 + random.nextInt(8));
        int from = random.nextInt(text.length() - length + 1);
        return text.substring(from, from + length);
    }

    private static String randomText(Random random, int units) {
        return randomText(random, ALPHABET, units);
    }

    private static String substringOfSome(Random random, Map<UUID, String> texts) {
        List<String> all = new ArrayList<>(texts.values());
        String text = all.get(random.nextInt(all.size()));
        int length = Math.min(text.length(), 3 + random.nextInt(6));
        int from = random.nextInt(text.length() - length + 1);
        return text.substring(from, from + length);
    }
}
