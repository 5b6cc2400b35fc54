package dev.cofre.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Users;

/**
 * What a non-admin's credential list shows: exactly the credentials that the user's policies select (ids, tags,
 * host globs), searched, sorted and paged like the admin's, and following every change at once. Each test works
 * on its own token in names, hosts and tags, so the tests share one database without seeing each other's rows.
 * The list must agree with the decision for a single credential (GET by id: 200 or 404).
 */
abstract class CredentialVisibilityContract extends CofreServerTests {

    static String token() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> body(String name, String host, List<String> tags) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("type", "ssh");
        body.put("username", "root");
        body.put("host", host);
        body.put("tags", tags);
        return body;
    }

    String create(String name, String host, List<String> tags) {
        ApiClient.Response r = admin.post("/api/v1/credentials", body(name, host, tags));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    void update(String id, String name, String host, List<String> tags) {
        ApiClient.Response r = admin.put("/api/v1/credentials/" + id, body(name, host, tags));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    ApiClient userWith(String... selectors) {
        String user = Users.unique("viewer");
        ApiClient client = Users.create(admin, anonymous, user);
        for (String selector : selectors) {
            Users.grant(admin, "user:" + user, selector, "START_SESSION");
        }
        return client;
    }

    static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }

    @Test
    void userSeesExactlyWhatIdsTagsAndHostGlobsSelect() {
        String u = token();
        String upper = u.toUpperCase(Locale.ROOT);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        // name suffix -> host, tags, visible?
        Object[][] rows = {
            {"by-id", "zz-" + u + ".other", List.of(), true},
            {"by-tag", null, List.of("vis-" + u), true},
            {"tag-similar", null, List.of("vis-" + u + "x"), false},
            {"prefix", "db-" + u + "1.internal", List.of(), true},
            {"prefix-case", "DB-" + upper + "2.Internal", List.of(), true},
            {"prefix-dot", "db." + u + "3.internal", List.of(), false},
            {"prefix-inside", "xdb-" + u + "4.internal", List.of(), false},
            {"suffix", "web." + u + ".prod.example.com", List.of(), true},
            {"suffix-case", "WEB2." + upper + ".PROD.EXAMPLE.COM", List.of(), true},
            {"suffix-bare", u + ".prod.example.com", List.of(), false},
            {"suffix-longer", "web." + u + ".prod.example.com.evil", List.of(), false},
            {"infix", "x" + u + "dby.lan", List.of(), true},
            {"infix-case", upper + "DB", List.of(), true},
            {"infix-broken", u + "d-b.lan", List.of(), false},
            {"exact", "exact-" + u + ".example.com", List.of(), true},
            {"exact-case", "EXACT-" + upper + ".Example.com", List.of(), true},
            {"exact-longer", "exact-" + u + ".example.com.au", List.of(), false},
            {"underscore", "u_" + u + "1", List.of(), true},
            {"underscore-any", "ux" + u + "1", List.of(), false},
            {"percent", "fe80::1%" + u, List.of(), true},
            {"percent-any", "fe80::1x" + u, List.of(), false},
            {"both", "h" + u + "-7.dc1.example.net", List.of(), true},
            {"both-empty-star", "h" + u + "-.dc1.example.net", List.of(), true},
            {"both-other-suffix", "h" + u + "-7.dc2.example.net", List.of(), false},
        };
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) row[2];
            String name = u + "-" + row[0];
            ids.put(name, create(name, (String) row[1], tags));
            expected.put(name, (Boolean) row[3]);
        }
        ApiClient user = userWith("id:" + ids.get(u + "-by-id"), "tag:vis-" + u, "host:db-" + u + "*",
                "host:*." + u + ".prod.example.com", "host:*" + u + "db*", "host:exact-" + u + ".example.com",
                "host:u_" + u + "*", "host:*%" + u, "host:h" + u + "-*.dc1.example.net");

        List<String> visible = expected.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .sorted().toList();
        JsonNode page = user.get("/api/v1/credentials?size=200").json();
        assertThat(names(page)).containsExactlyElementsOf(visible);
        assertThat(page.get("total").asLong()).isEqualTo(visible.size());
        // The list and the decision for one credential agree, row by row.
        ids.forEach((name, id) -> assertThat(user.get("/api/v1/credentials/" + id).status()).as(name)
                .isEqualTo(expected.get(name) ? 200 : 404));
    }

    @Test
    void userSearchFindsSubstringsOfVisibleCredentialsOnlyWithWildcardsTakenLiterally() {
        String u = token();
        String tag = "s-" + u;
        for (String suffix : List.of("alpha_1", "alphax1", "beta%2", "betay2")) {
            create(u + "-" + suffix, "srv-" + u + ".lan", List.of(tag));
        }
        create(u + "-alpha_9", "srv-" + u + ".lan", List.of());
        ApiClient user = userWith("tag:" + tag);

        assertThat(names(user.get("/api/v1/credentials?q=alpha_&size=50").json())).containsExactly(u + "-alpha_1");
        assertThat(names(user.get("/api/v1/credentials?q=a%252&size=50").json())).containsExactly(u + "-beta%2");
        JsonNode caseless = user.get("/api/v1/credentials?q=" + u.toUpperCase(Locale.ROOT) + "-ALPHA").json();
        assertThat(names(caseless)).containsExactly(u + "-alpha_1", u + "-alphax1");
        assertThat(caseless.get("total").asLong()).isEqualTo(2);
        // Hosts and tags are searched too.
        assertThat(user.get("/api/v1/credentials?q=" + tag).json().get("total").asLong()).isEqualTo(4);
        assertThat(user.get("/api/v1/credentials?q=srv-" + u).json().get("total").asLong()).isEqualTo(4);
        assertThat(admin.get("/api/v1/credentials?q=" + u + "-alpha_").json().get("total").asLong()).isEqualTo(2);
        assertThat(admin.get("/api/v1/credentials?q=" + u + "-%25").json().get("total").asLong()).isZero();
    }

    @Test
    void userListSortsAndPagesOverEverythingThePoliciesSelect() {
        String u = token();
        String tag = "p-" + u;
        List<String[]> visible = new ArrayList<>();  // name, host
        for (int i = 1; i <= 7; i++) {
            // Hosts in the reverse order of names; tags select some, a host prefix the others, one has no host.
            String host = i == 4 ? null : (char) ('a' + 7 - i) + "-" + u + ".lan";
            String name = u + "-n" + i;
            boolean byTag = i % 2 == 0 || host == null;
            create(name, byTag || host == null ? "other-" + i + "-" + u : "k" + host, byTag ? List.of(tag) : List.of());
            visible.add(new String[] {name, byTag ? "other-" + i + "-" + u : "k" + host});
        }
        create(u + "-n0", "z-" + u + ".lan", List.of());
        ApiClient user = userWith("tag:" + tag, "host:k*-" + u + ".lan");

        List<String> byName = visible.stream().map(v -> v[0]).sorted().toList();
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode json = user.get("/api/v1/credentials?size=3&page=" + page).json();
            assertThat(json.get("total").asLong()).isEqualTo(7);
            paged.addAll(names(json));
        }
        assertThat(paged).containsExactlyElementsOf(byName);
        JsonNode beyond = user.get("/api/v1/credentials?size=3&page=3").json();
        assertThat(beyond.get("items").size()).isZero();
        assertThat(beyond.get("total").asLong()).isEqualTo(7);

        assertThat(names(user.get("/api/v1/credentials?size=50&sort=name&direction=desc").json()))
                .containsExactlyElementsOf(byName.stream().sorted(Comparator.reverseOrder()).toList());
        List<String> byHost = visible.stream().sorted(Comparator.comparing((String[] v) -> v[1])).map(v -> v[0])
                .toList();
        assertThat(names(user.get("/api/v1/credentials?size=50&sort=host").json())).containsExactlyElementsOf(byHost);
        JsonNode searched = user.get("/api/v1/credentials?q=" + u + "-n&size=2&page=1&sort=name&direction=desc").json();
        assertThat(names(searched)).containsExactly(byName.get(4), byName.get(3));
        assertThat(searched.get("total").asLong()).isEqualTo(7);
    }

    @Test
    void hostTagAndDeletionChangesShowInTheListAtOnce() {
        String u = token();
        String tag = "c-" + u;
        ApiClient user = userWith("host:db-" + u + "*", "host:*.c" + u + ".example.com", "tag:" + tag);
        String a = create(u + "-a", "web-" + u, List.of());
        String b = create(u + "-b", null, List.of(tag));
        assertThat(names(user.get("/api/v1/credentials?q=" + u).json())).containsExactly(u + "-b");

        update(a, u + "-a", "DB-" + u.toUpperCase(Locale.ROOT) + ".lan", List.of());
        assertThat(names(user.get("/api/v1/credentials?q=" + u).json())).containsExactly(u + "-a", u + "-b");
        update(a, u + "-a", "x.c" + u + ".example.com", List.of());
        assertThat(names(user.get("/api/v1/credentials").json())).contains(u + "-a");
        update(a, u + "-renamed", "x.c" + u + ".example.org", List.of());
        assertThat(names(user.get("/api/v1/credentials").json())).doesNotContain(u + "-a", u + "-renamed");

        update(b, u + "-b", null, List.of("other-" + u));
        assertThat(user.get("/api/v1/credentials?q=" + u).json().get("total").asLong()).isZero();
        update(b, u + "-b", null, List.of(tag, "other-" + u));
        assertThat(names(user.get("/api/v1/credentials?q=" + u).json())).containsExactly(u + "-b");
        assertThat(admin.delete("/api/v1/credentials/" + b).status()).isEqualTo(204);
        JsonNode after = user.get("/api/v1/credentials?q=" + u).json();
        assertThat(after.get("items").size()).isZero();
        assertThat(after.get("total").asLong()).isZero();
    }
}
