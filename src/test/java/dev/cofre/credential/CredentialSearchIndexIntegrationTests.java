package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Users;
import tools.jackson.databind.JsonNode;

/**
 * On the embedded store, searches narrowed by the {@link CredentialSearchIndex} find exactly what the search text
 * says, for the admin and for a user whose policies show a part, through creates, renames and deletes made both
 * before and after the index was built; an independent model of the credentials is the oracle.
 */
class CredentialSearchIndexIntegrationTests extends CofreServerTests {

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "fox", "golf", "hotel"};
    private static final String[] ODD = {"%", "_", "\\", "'", "é", "-", "."};
    private static final String[] TAGS = {"team-a", "team-b", "team-c"};

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "search-index-h2");
    }

    @Autowired
    CredentialSearchIndex index;

    @Autowired
    JdbcClient jdbc;

    /** id → the fields that are searched: name, type, host, tags. */
    private final Map<String, List<String>> model = new LinkedHashMap<>();
    private final Map<String, String> tagOf = new HashMap<>();
    private final Random random = new Random(11);

    @Test
    void narrowedSearchesFindExactlyTheMatchingCredentialsForAdminAndUser() throws Exception {
        for (int i = 0; i < 120; i++) {
            create();
        }
        awaitIndexReady();
        List<String> ids = new ArrayList<>(model.keySet());
        List<String> oldNames = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            create();
        }
        for (int i = 0; i < 25; i++) {
            String id = ids.get(i);
            oldNames.add(model.get(id).get(0));
            rename(id);
        }
        for (int i = 25; i < 40; i++) {
            String id = ids.get(i);
            oldNames.add(model.get(id).get(0));
            assertThat(admin.delete("/api/v1/credentials/" + id).status()).isEqualTo(204);
            model.remove(id);
            tagOf.remove(id);
        }
        String user = Users.unique("searcher");
        ApiClient client = Users.create(admin, anonymous, user);
        // Every kind of selector, so that each visible set is read among the candidates: a tag, an id, an exact
        // host, host patterns ranged on the prefix and on the suffix.
        String granted = ids.get(50);
        Users.grant(admin, "user:" + user, "tag:team-a", "VIEW_PASSWORD");
        Users.grant(admin, "user:" + user, "id:" + granted, "VIEW_PASSWORD");
        Users.grant(admin, "user:" + user, "host:bravo7.example.com", "VIEW_PASSWORD");
        Users.grant(admin, "user:" + user, "host:charlie1*", "VIEW_PASSWORD");
        Users.grant(admin, "user:" + user, "host:d*.example.com", "VIEW_PASSWORD");
        Predicate<String> visible = id -> "team-a".equals(tagOf.get(id)) || id.equals(granted)
                || hostOf(id).equals("bravo7.example.com") || hostOf(id).startsWith("charlie1")
                || (hostOf(id).startsWith("d") && hostOf(id).endsWith(".example.com"));

        List<String> queries = new ArrayList<>(oldNames);
        List<String> names = model.values().stream().map(f -> f.get(0)).toList();
        for (int i = 0; i < 60; i++) {
            String name = names.get(random.nextInt(names.size()));
            int length = Math.min(name.length(), 3 + random.nextInt(8));
            int from = random.nextInt(name.length() - length + 1);
            queries.add(name.substring(from, from + length));
        }
        queries.addAll(List.of("%%%", "___", "\\\\\\", "'; drop table credentials; --", "éé", "zzzz", "team-b"));

        int narrowed = 0;
        for (String q : queries) {
            String needle = q.strip().toLowerCase(Locale.ROOT);
            if (index.candidates(needle).listed()) {
                narrowed++;
            }
            assertThat(found(admin, q)).as("admin q=%s", q).isEqualTo(expected(needle, id -> true));
            assertThat(found(client, q)).as("user q=%s", q).isEqualTo(expected(needle, visible));
        }
        assertThat(narrowed).as("queries the index narrowed").isGreaterThan(queries.size() / 2);
        assertThat(index.inFlight()).as("no change left in flight").isZero();

        // Broad searches (too many candidates to list, or shorter than a window): read in name order, paged.
        for (String q : List.of("example", "a", "-", "lf")) {
            assertThat(index.candidates(q).many()).as("q=%s is broad", q).isTrue();
            List<String> byName = model.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(f -> f.toLowerCase(Locale.ROOT).contains(q)))
                    .sorted(Map.Entry.comparingByValue(
                            Comparator.comparing(f -> f.get(0).toLowerCase(Locale.ROOT))))
                    .map(Map.Entry::getKey).toList();
            assertThat(pages(q, "asc")).as("q=%s ascending", q).isEqualTo(byName);
            List<String> reversed = new ArrayList<>(byName);
            Collections.reverse(reversed);
            assertThat(pages(q, "desc")).as("q=%s descending", q).isEqualTo(reversed);
            // Counted by the index: built on an empty table at the start, so every credential is a changed one,
            // which the database counts by primary key.
            assertThat(index.count(q, changed -> jdbc.sql("SELECT COUNT(*) FROM credentials c WHERE c.id = ANY(?)"
                    + " AND c.search_text LIKE ? ESCAPE '\\'").params(changed.toArray(new UUID[0]), "%" + q + "%")
                    .query(Long.class).single())).as("count of q=%s", q).isEqualTo(byName.size());
        }

        // Built from the table as it is now (as at a start, or a rebuild): every match is among the candidates.
        CredentialSearchIndex rebuilt = new CredentialSearchIndex(CredentialStorageConfiguration.searchTexts(jdbc),
                System::nanoTime);
        rebuilt.start();
        try {
            awaitReady(rebuilt);
            int rebuiltNarrowed = 0;
            for (String q : queries) {
                String needle = q.strip().toLowerCase(Locale.ROOT);
                Candidates candidates = rebuilt.candidates(needle);
                if (candidates.listed()) {
                    rebuiltNarrowed++;
                    assertThat(candidates.ids().stream().map(UUID::toString).toList()).as("q=%s", q)
                            .containsAll(expected(needle, id -> true));
                }
            }
            assertThat(rebuiltNarrowed).isGreaterThan(queries.size() / 2);
            // Nothing changed since its read: it counts in memory alone, exactly.
            for (String q : List.of("example", "a", "-", "lf", "%", "_", "\\", "é", "bravo", "o.e")) {
                assertThat(rebuilt.count(q, changed -> {
                    throw new AssertionError("nothing changed since the read");
                })).as("count of q=%s", q).isEqualTo(expected(q, id -> true).size());
            }
        } finally {
            rebuilt.stop();
        }
    }

    private String hostOf(String id) {
        return model.get(id).get(2);
    }

    private void create() {
        String name = randomName();
        String tag = TAGS[random.nextInt(TAGS.length)];
        String host = WORDS[random.nextInt(WORDS.length)] + random.nextInt(20) + ".example.com";
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("type", "other");
        body.put("host", host);
        body.put("tags", List.of(tag));
        ApiClient.Response r = admin.post("/api/v1/credentials", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        model.put(id, List.of(name, "other", host, tag));
        tagOf.put(id, tag);
    }

    private void rename(String id) {
        List<String> fields = model.get(id);
        String name = randomName();
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("type", "other");
        body.put("host", fields.get(2));
        body.put("tags", List.of(fields.get(3)));
        ApiClient.Response r = admin.put("/api/v1/credentials/" + id, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        model.put(id, List.of(name, "other", fields.get(2), fields.get(3)));
    }

    private String randomName() {
        while (true) {
            String name = WORDS[random.nextInt(WORDS.length)] + ODD[random.nextInt(ODD.length)]
                    + WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000);
            String key = name.toLowerCase(Locale.ROOT);
            if (model.values().stream().noneMatch(f -> f.get(0).toLowerCase(Locale.ROOT).equals(key))) {
                return name;
            }
        }
    }

    private Set<String> expected(String needle, Predicate<String> visible) {
        Set<String> ids = new HashSet<>();
        model.forEach((id, fields) -> {
            if (visible.test(id) && fields.stream().anyMatch(f -> f.toLowerCase(Locale.ROOT).contains(needle))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static Set<String> found(ApiClient client, String q) {
        ApiClient.Response r = client.get("/api/v1/credentials?size=200&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.status()).as("q=%s: %s", q, r.body()).isEqualTo(200);
        JsonNode page = r.json();
        Set<String> ids = new HashSet<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        assertThat(page.get("total").asLong()).as("total for q=%s", q).isEqualTo(ids.size());
        return ids;
    }

    /** Every page of an admin search, in order, each page's total checked against the model. */
    private List<String> pages(String q, String direction) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            JsonNode json = admin.get("/api/v1/credentials?size=7&sort=name&direction=" + direction + "&page=" + page
                    + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).json();
            assertThat(json.get("total").asLong()).as("total for q=%s page %d", q, page)
                    .isEqualTo(expected(q, id -> true).size());
            if (json.get("items").isEmpty()) {
                return ids;
            }
            json.get("items").forEach(item -> ids.add(item.get("id").asString()));
        }
        throw new AssertionError("more than 100 pages");
    }

    private void awaitIndexReady() throws InterruptedException {
        awaitReady(index);
    }

    private static void awaitReady(CredentialSearchIndex index) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!index.ready()) {
            assertThat(System.nanoTime()).as("index built within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
