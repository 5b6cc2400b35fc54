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
            List<UUID> candidates = postings.candidates(q, Integer.MAX_VALUE);
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

        assertThat(postings.candidates("prod-web", 10)).isEmpty();
        assertThat(postings.candidates("zzz", 10)).isEmpty();
    }

    @Test
    void aQueryShorterThanAWindowOrWithTooManyCandidatesNarrowsNothing() {
        TrigramPostings postings = new TrigramPostings();
        for (int i = 0; i < 20; i++) {
            postings.add(UUID.randomUUID(), "srv-" + i);
        }

        assertThat(postings.candidates("sr", 100)).isNull();
        assertThat(postings.candidates("srv", 19)).isNull();
        assertThat(postings.candidates("srv", 20)).hasSize(20);
        assertThat(postings.candidates("srv-1", 20)).hasSize(11); // srv-1, srv-10 .. srv-19
    }

    @Test
    void aChangedTextKeepsItsOldWindowsAndCountsOnlyNewPairs() {
        TrigramPostings postings = new TrigramPostings();
        UUID id = UUID.randomUUID();

        assertThat(postings.add(id, "alpha")).isTrue();
        long size = postings.size();
        assertThat(postings.add(id, "alpha")).as("same text again adds nothing").isFalse();
        assertThat(postings.size()).isEqualTo(size);
        assertThat(postings.add(id, "omega")).isTrue();

        assertThat(postings.candidates("alpha", 10)).containsExactly(id);
        assertThat(postings.candidates("omega", 10)).containsExactly(id);
        assertThat(postings.documents()).isEqualTo(1);
        assertThat(postings.size()).isEqualTo(size + 3);
    }

    private static String randomText(Random random, int units) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < units) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static String substringOfSome(Random random, Map<UUID, String> texts) {
        List<String> all = new ArrayList<>(texts.values());
        String text = all.get(random.nextInt(all.size()));
        int length = Math.min(text.length(), 3 + random.nextInt(6));
        int from = random.nextInt(text.length() - length + 1);
        return text.substring(from, from + length);
    }
}
