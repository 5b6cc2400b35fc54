package dev.cofre.credential;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.cofre.crypto.Ciphertext;
import dev.cofre.policy.CredentialScope;
import dev.cofre.totp.TotpAlgorithm;
import dev.cofre.totp.TotpSettings;

/**
 * Credentials table access with plain SQL. Rows carry secrets only as barrier ciphertext; this class never sees
 * plaintext. Package-private: the rest of Cofre goes through {@link CredentialService}. Single rows are served
 * from the {@link CredentialCache} when it has them; every update and delete tells it, and on a shared PostgreSQL
 * also every other node ({@code NOTIFY}, delivered at commit).
 */
class CredentialRepository {

    /** H2's order of UUIDs (unsigned, most significant half first): ids looked up in it share index pages. */
    static final Comparator<UUID> IN_KEY_ORDER = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    /** Rows of credential_count (V13): one transaction changes one, so concurrent creates rarely wait on each other. */
    private static final int COUNT_SLOTS = 8;

    private final JdbcClient jdbc;
    private final CredentialCache cache;
    private final CredentialSearchIndex search;
    private final SearchPlanner planner;
    private final boolean announce;

    /** {@code announce}: send each change to other nodes (PostgreSQL {@code NOTIFY}). */
    CredentialRepository(JdbcClient jdbc, CredentialCache cache, CredentialSearchIndex search, SearchPlanner planner,
            boolean announce) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.search = search;
        this.planner = planner;
        this.announce = announce;
    }

    /** A row: metadata plus the sealed secrets (either may be null). */
    record Stored(Credential credential, Ciphertext password, Ciphertext totpSeed) {
    }

    /** The row and its tags, from the cache when it has them. */
    Optional<Stored> find(UUID id) {
        Optional<Stored> cached = cache.get(id);
        return cached.isPresent() ? cached : findFresh(id);
    }

    /** The row and its tags as the database has them now (for a change that is checked against them). */
    Optional<Stored> findFresh(UUID id) {
        long stamp = cache.stamp();
        Optional<Stored> found = read(id);
        found.ifPresent(s -> cache.keep(s, stamp));
        return found;
    }

    /** The row and its tags in one round trip (one result row per tag). */
    private Optional<Stored> read(UUID id) {
        List<String> tags = new ArrayList<>();
        Stored[] row = {null};
        jdbc.sql("SELECT " + STORED_C + ", t.tag FROM credentials c LEFT JOIN credential_tags t "
                + "ON t.credential_id = c.id WHERE c.id = ? ORDER BY t.tag").param(id).query(rs -> {
                    if (row[0] == null) {
                        row[0] = mapStored(rs, List.of());
                    }
                    String tag = rs.getString(STORED_COUNT + 1);
                    if (tag != null) {
                        tags.add(tag);
                    }
                });
        return Optional.ofNullable(row[0]).map(s -> withTags(s, tags));
    }

    Optional<UUID> findIdByName(String name) {
        return jdbc.sql("SELECT id FROM credentials WHERE name_key = ?").param(nameKey(name))
                .query(UUID.class).optional();
    }

    CredentialPage page(CredentialQuery query, CredentialScope scope) {
        if (scope.none()) {
            return new CredentialPage(List.of(), query.page(), query.size(), 0);
        }
        Candidates candidates = query.q() == null ? Candidates.UNKNOWN : search.candidates(query.q());
        if (candidates.listed() && candidates.ids().isEmpty()) {
            return new CredentialPage(List.of(), query.page(), query.size(), 0);
        }
        if (scope.all() && query.q() != null && !candidates.listed()) {
            return adminSearch(query, scope, candidates);
        }
        return read(query, scope, candidates, false);
    }

    /**
     * An admin's search that the {@link CredentialSearchIndex} did not narrow to a few candidates. Many matches:
     * walking the sort's index until the page is full reads a few rows (the one pass sorted all 100,000 matches of
     * "srv": 0.7-1 s on H2, 0.4-0.5 s on PostgreSQL) and the total is a separate count. Some matches: a probe of
     * the sort's first rows, else one pass over the matches (see {@link SearchPlanner.Plan#of}).
     */
    private CredentialPage adminSearch(CredentialQuery query, CredentialScope scope, Candidates candidates) {
        long wanted = (long) query.page() * query.size() + query.size();
        // H2's index: its candidates, when few enough to read in one pass, are an upper bound of the matches.
        Candidates wider = candidates.many()
                ? search.candidates(query.q(), SearchPlanner.Plan.ONE_PASS_AT_MOST) : Candidates.UNKNOWN;
        SearchPlanner.Plan plan = !candidates.many() ? planner.plan(likePattern(query.q()), wanted, this::stored)
                : wider.listed() ? SearchPlanner.Plan.of(wider.ids().size(), wanted, this::stored)
                : SearchPlanner.Plan.INDEX_ORDER;
        if (plan.indexOrder()) {
            return planner.run(() -> read(query, scope, Candidates.MANY, true));
        }
        if (plan.probe() > 0) {
            return planner.run(() -> probed(query, plan.probe())
                    .orElseGet(() -> read(query, scope, wider, false)));
        }
        return read(query, scope, wider, false);
    }

    private CredentialPage read(CredentialQuery query, CredentialScope scope, Candidates candidates, boolean broad) {
        List<Object> params = new ArrayList<>();
        String from;
        if (broad) {
            params.add(likePattern(query.q()));
            from = " FROM credentials c WHERE c.search_text LIKE ? ESCAPE '\\'";
        } else {
            from = matches(query, scope, candidates, params);
        }
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.size());
        pageParams.add((long) query.page() * query.size());
        boolean windowed = !params.isEmpty() && !broad;
        long[] total = {-1};
        String sql;
        if (windowed) {
            // The matches must all be found anyway: count them in the same pass (a window), sort only their keys,
            // then read the page's rows (20 rows, not every match's full row through the window and the sort).
            sql = "SELECT " + STORED_R + ", p.total_rows FROM (SELECT c.id, c." + query.sort().column + " AS sort_key,"
                    + " c.name_key AS name_sort, COUNT(*) OVER () AS total_rows" + from
                    + " ORDER BY " + order("sort_key", "name_sort", query) + " LIMIT ? OFFSET ?) p"
                    + " JOIN credentials r ON r.id = p.id"
                    + " ORDER BY " + order("p.sort_key", "p.name_sort", query);
        } else {
            // A page in the sort's index order (V14): a few rows read (unfiltered, or most rows match).
            sql = "SELECT " + STORED_C + from + " ORDER BY "
                    + order("c." + query.sort().column, "c.name_key", query) + " LIMIT ? OFFSET ?";
        }
        List<Stored> rows = jdbc.sql(sql).params(pageParams).query((rs, n) -> {
            if (windowed) {
                total[0] = rs.getLong(STORED_COUNT + 1);
            }
            return mapStored(rs, List.of());
        }).list();
        if (params.isEmpty()) {
            // Unfiltered: the total is kept in credential_count.
            total[0] = stored();
        } else if (broad) {
            total[0] = countApart(query.q());
        } else if (total[0] < 0 && query.page() > 0) {
            // Past the last page, where the window saw no row.
            total[0] = jdbc.sql("SELECT COUNT(*)" + from).params(params).query(Long.class).single();
        } else if (total[0] < 0) {
            // The first page with no row has no match at all.
            total[0] = 0;
        }
        return pageOf(rows, query, total[0]);
    }

    /**
     * The page if it lies among the first {@code rows} rows in the sort's index order, with its total counted
     * apart; empty if those rows do not fill it (clustered matches, or the last page).
     */
    private Optional<CredentialPage> probed(CredentialQuery query, long rows) {
        String pattern = likePattern(query.q());
        String sort = order("c." + query.sort().column, "c.name_key", query);
        List<Stored> found = jdbc.sql("SELECT " + STORED_C + " FROM (SELECT * FROM credentials c ORDER BY " + sort
                        + " LIMIT ?) c WHERE c.search_text LIKE ? ESCAPE '\\' ORDER BY " + sort + " LIMIT ? OFFSET ?")
                .params(rows, pattern, query.size(), (long) query.page() * query.size())
                .query((rs, n) -> mapStored(rs, List.of())).list();
        if (found.size() < query.size()) {
            return Optional.empty();
        }
        return Optional.of(pageOf(found, query, countApart(query.q())));
    }

    /** The matches of {@code q}, counted in memory when the search index can (H2), else by testing every row. */
    private long countApart(String q) {
        String pattern = likePattern(q);
        long total = search.count(q, changed -> jdbc.sql("SELECT COUNT(*) FROM credentials c"
                + " WHERE c.id = ANY(?) AND c.search_text LIKE ? ESCAPE '\\'")
                .params(changed.toArray(new UUID[0]), pattern).query(Long.class).single());
        return total >= 0 ? total : jdbc.sql("SELECT COUNT(*) FROM credentials c WHERE c.search_text LIKE ?"
                + " ESCAPE '\\'").param(pattern).query(Long.class).single();
    }

    private CredentialPage pageOf(List<Stored> rows, CredentialQuery query, long total) {
        Map<UUID, List<String>> tags = tagsOf(rows.stream().map(s -> s.credential().id()).toList());
        List<Credential> items = rows.stream()
                .map(s -> withTags(s, tags.getOrDefault(s.credential().id(), List.of())).credential()).toList();
        return new CredentialPage(items, query.page(), query.size(), total);
    }

    /** How many credentials are stored, kept in credential_count. */
    private long stored() {
        return jdbc.sql("SELECT CAST(SUM(total) AS BIGINT) FROM credential_count").query(Long.class).single();
    }

    /**
     * The FROM clause of a page: every credential, or the matching ids joined to their rows. The ids come first
     * (visibility from indexes, then the search on those rows only) so that the database does not walk the
     * sort column's index and look up every row to test it: H2 chose that plan for a search and read all 100,000.
     * A search that the {@link CredentialSearchIndex} narrowed tests only its candidates (by primary key).
     */
    private static String matches(CredentialQuery query, CredentialScope scope, Candidates candidates,
            List<Object> params) {
        if (scope.all() && query.q() == null) {
            return " FROM credentials c";
        }
        String search = query.q() == null ? null : likePattern(query.q());
        if (scope.all()) {
            // The matches first, with the columns the window sorts on; OFFSET 0 keeps PostgreSQL from merging the
            // subquery into the window and walking the sort's index to test every row instead (1,000 matches near
            // the end of the sort: 55 ms, against 15 ms through the trigram index).
            // The index's candidates are joined by primary key: H2 tests "id = ANY(?)" against the whole array for
            // each row it reads (10,000 candidates: 230-280 ms, joined 24-56 ms).
            String sortColumn = query.sort().column.equals("name_key") ? "" : ", c." + query.sort().column;
            String rows = "credentials c";
            if (candidates.listed()) {
                UUID[] ids = candidates.ids().toArray(new UUID[0]);
                Arrays.sort(ids, IN_KEY_ORDER);
                params.add(ids);
                rows = "UNNEST(?) AS t(id) JOIN credentials c ON c.id = t.id";
            }
            params.add(search);
            return " FROM (SELECT c.id, c.name_key" + sortColumn + " FROM " + rows
                    + " WHERE c.search_text LIKE ? ESCAPE '\\' OFFSET 0) c";
        }
        // Narrowed: each visible set is read among the candidates only, and the search tests what is left.
        UUID[] among = candidates.listed() ? candidates.ids().toArray(new UUID[0]) : null;
        String from = " FROM (" + VisibleIds.sql(scope, among, params) + ") v JOIN credentials c ON c.id = v.id";
        if (search == null) {
            return from;
        }
        params.add(search);
        return from + " WHERE c.search_text LIKE ? ESCAPE '\\'";
    }

    /**
     * The ORDER BY of a page, term for term as the sort's index declares it (V14), so that the database reads the
     * page in index order: empty values last in either direction, then the name.
     */
    private static String order(String sortKey, String nameKey, CredentialQuery query) {
        String direction = query.descending() ? " DESC" : " ASC";
        if (query.sort() == CredentialQuery.Sort.NAME) {
            return nameKey + direction;
        }
        return sortKey + direction + (query.sort().nullable ? " NULLS LAST" : "") + ", " + nameKey + direction;
    }

    /** Contains {@code q}, literally. */
    private static String likePattern(String q) {
        return "%" + escapeLike(q) + "%";
    }

    void insert(Credential c, Ciphertext password, Ciphertext seed) {
        String hostKey = HostKeys.key(c.host());
        String searchText = searchText(c);
        jdbc.sql("""
                INSERT INTO credentials (id, name, name_key, type, username, host, port, url, description,
                    password_ct, totp_seed_ct, totp_algorithm, totp_digits, totp_period, totp_issuer, totp_account,
                    search_text, created_at, updated_at, version, host_key, host_rev)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), c.name(), nameKey(c.name()), c.type().key(), c.username(), c.host(), c.port(), c.url(),
                        c.description(), bytes(password), bytes(seed), totpAlgorithm(c), totpDigits(c),
                        totpPeriod(c), totpIssuer(c), totpAccount(c), searchText, utc(c.createdAt()),
                        utc(c.updatedAt()), c.version(), hostKey, HostKeys.reversed(hostKey))
                .update();
        search.added(c.id(), searchText);
        insertTags(c.id(), c.tags());
        count(+1);
    }

    /** Optimistic update: false when the row changed since {@code expectedVersion} was read. */
    boolean update(Credential c, Ciphertext password, Ciphertext seed, long expectedVersion) {
        String hostKey = HostKeys.key(c.host());
        String searchText = searchText(c);
        int changed = jdbc.sql("""
                UPDATE credentials SET name = ?, name_key = ?, type = ?, username = ?, host = ?, port = ?, url = ?,
                    description = ?, password_ct = ?, totp_seed_ct = ?, totp_algorithm = ?, totp_digits = ?,
                    totp_period = ?, totp_issuer = ?, totp_account = ?, search_text = ?, updated_at = ?, version = ?,
                    host_key = ?, host_rev = ?
                WHERE id = ? AND version = ?""")
                .params(c.name(), nameKey(c.name()), c.type().key(), c.username(), c.host(), c.port(), c.url(),
                        c.description(), bytes(password), bytes(seed), totpAlgorithm(c), totpDigits(c), totpPeriod(c),
                        totpIssuer(c), totpAccount(c), searchText, utc(c.updatedAt()), c.version(),
                        hostKey, HostKeys.reversed(hostKey), c.id(), expectedVersion)
                .update();
        if (changed == 1) {
            search.added(c.id(), searchText);
            jdbc.sql("DELETE FROM credential_tags WHERE credential_id = ?").param(c.id()).update();
            insertTags(c.id(), c.tags());
            changed(c.id());
        }
        return changed == 1;
    }

    boolean delete(UUID id) {
        boolean deleted = jdbc.sql("DELETE FROM credentials WHERE id = ?").param(id).update() == 1;
        if (deleted) {
            count(-1);
            changed(id);
            search.removed(id);
        }
        return deleted;
    }

    /** Every cache must forget the row: this node's now and at the transaction's end, the others' at its commit. */
    private void changed(UUID id) {
        if (announce) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(CredentialChangeListener.CHANNEL, id.toString())
                    .query(rs -> { });
        }
        cache.changedInThisTransaction(id);
    }

    /** Moves the kept total, in the caller's transaction (after the row itself, so a failed insert never gets here). */
    private void count(int delta) {
        jdbc.sql("UPDATE credential_count SET total = total + ? WHERE slot = ?")
                .params(delta, ThreadLocalRandom.current().nextInt(COUNT_SLOTS)).update();
    }

    private void insertTags(UUID id, List<String> tags) {
        for (String tag : tags) {
            jdbc.sql("INSERT INTO credential_tags (credential_id, tag) VALUES (?, ?)").params(id, tag).update();
        }
    }

    private Map<UUID, List<String>> tagsOf(List<UUID> ids) {
        Map<UUID, List<String>> tags = new HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        jdbc.sql("SELECT credential_id, tag FROM credential_tags WHERE credential_id IN (" + marks(ids.size())
                        + ") ORDER BY tag")
                .params(new ArrayList<Object>(ids))
                .query(rs -> {
                    tags.computeIfAbsent(rs.getObject("credential_id", UUID.class), k -> new ArrayList<>())
                            .add(rs.getString("tag"));
                });
        return tags;
    }

    private static Stored withTags(Stored s, List<String> tags) {
        Credential c = s.credential();
        return new Stored(new Credential(c.id(), c.name(), c.type(), c.username(), c.host(), c.port(), c.url(),
                c.description(), List.copyOf(tags), c.hasPassword(), c.totp(), c.createdAt(), c.updatedAt(),
                c.version()), s.password(), s.totpSeed());
    }

    /**
     * The columns {@link #mapStored} reads, in its order. Read by position: a driver looks a label up through a
     * map it builds for every result set (H2: 5 µs of a token request's 17 µs credential read, profiled).
     */
    private static final List<String> STORED = List.of("id", "name", "type", "username", "host", "port", "url",
            "description", "password_ct", "totp_seed_ct", "totp_algorithm", "totp_digits", "totp_period",
            "totp_issuer", "totp_account", "created_at", "updated_at", "version");
    private static final int STORED_COUNT = STORED.size();
    private static final String STORED_C = storedColumns("c");
    private static final String STORED_R = storedColumns("r");

    private static String storedColumns(String alias) {
        return STORED.stream().map(column -> alias + "." + column).collect(Collectors.joining(", "));
    }

    /** A row whose first columns are {@link #STORED}, in that order. */
    private static Stored mapStored(ResultSet rs, List<String> tags) throws SQLException {
        byte[] password = rs.getBytes(9);
        byte[] seed = rs.getBytes(10);
        TotpSettings totp = seed == null ? null : new TotpSettings(TotpAlgorithm.valueOf(rs.getString(11)),
                rs.getInt(12), rs.getInt(13), rs.getString(14), rs.getString(15));
        int portValue = rs.getInt(6);
        Integer port = rs.wasNull() ? null : portValue;
        Credential c = new Credential(rs.getObject(1, UUID.class), rs.getString(2),
                CredentialType.parse(rs.getString(3)), rs.getString(4), rs.getString(5), port,
                rs.getString(7), rs.getString(8), tags, password != null, totp,
                instant(rs, 16), instant(rs, 17), rs.getLong(18));
        return new Stored(c, ciphertext(password), ciphertext(seed));
    }

    // The key version is inside the self-describing ciphertext bytes; the column keeps only those bytes.
    private static Ciphertext ciphertext(byte[] bytes) {
        return bytes == null ? null : Ciphertext.fromStored(bytes);
    }

    private static byte[] bytes(Ciphertext c) {
        return c == null ? null : c.bytes();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static String nameKey(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String searchText(Credential c) {
        StringBuilder sb = new StringBuilder(c.name());
        for (String part : new String[] {c.username(), c.host(), c.url(), c.type().key()}) {
            if (part != null) {
                sb.append('\n').append(part);
            }
        }
        c.tags().forEach(t -> sb.append('\n').append(t));
        String text = sb.toString().toLowerCase(java.util.Locale.ROOT);
        return text.length() > 3000 ? text.substring(0, 3000) : text;
    }

    /** {@code n} comma-separated JDBC placeholders. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static String escapeLike(String q) {
        return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String totpAlgorithm(Credential c) {
        return c.totp() == null ? null : c.totp().algorithm().name();
    }

    private static Integer totpDigits(Credential c) {
        return c.totp() == null ? null : c.totp().digits();
    }

    private static Integer totpPeriod(Credential c) {
        return c.totp() == null ? null : c.totp().period();
    }

    private static String totpIssuer(Credential c) {
        return c.totp() == null ? null : c.totp().issuer();
    }

    private static String totpAccount(Credential c) {
        return c.totp() == null ? null : c.totp().accountName();
    }
}
