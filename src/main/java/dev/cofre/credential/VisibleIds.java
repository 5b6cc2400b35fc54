package dev.cofre.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.cofre.policy.CredentialScope;

/**
 * The ids of the credentials an actor may see, as SQL: a UNION of one index-backed set per kind of selector
 * (ids by the primary key, tags by {@code credential_tags(tag, credential_id)}, host patterns by a range on
 * {@code host_key} or {@code host_rev}). One {@code OR} of all of them would make the database test every row.
 * Only a host pattern with no literal prefix or suffix ({@code *db*}) scans.
 */
final class VisibleIds {

    private VisibleIds() {
    }

    /**
     * A query selecting each visible id once (UNION, not UNION ALL: it is joined to the rows); appends its
     * parameters to {@code params}. The scope must be neither all nor none. Among {@code candidates} only
     * (null: all), each set is read by the candidates' primary keys, at most as many rows as there are candidates. (Joined to the whole union
     * instead, H2 computed the union again for each candidate; and given {@code tag IN (..) AND credential_id =
     * ANY(..)} on credential_tags alone, it walked the whole table.)
     */
    static String sql(CredentialScope scope, UUID[] candidates, List<Object> params) {
        List<String> sets = new ArrayList<>();
        if (!scope.ids().isEmpty()) {
            params.addAll(scope.ids());
            sets.add("SELECT id FROM credentials WHERE id IN (" + CredentialRepository.marks(scope.ids().size())
                    + ")" + among("id", candidates, params));
        }
        if (!scope.tags().isEmpty()) {
            String tagIn = "tag IN (" + CredentialRepository.marks(scope.tags().size()) + ")";
            params.addAll(scope.tags());
            // Named id: the union is joined on v.id, and its first member names the column.
            if (candidates == null) {
                sets.add("SELECT credential_id AS id FROM credential_tags WHERE " + tagIn);
            } else {
                params.add(candidates);
                sets.add("SELECT t.credential_id AS id FROM credentials k JOIN credential_tags t"
                        + " ON t.credential_id = k.id AND t." + tagIn + " WHERE k.id = ANY(?)");
            }
        }
        for (String like : scope.hostLikePatterns()) {
            sets.add(host(HostPattern.parse(like), candidates, params));
        }
        return String.join(" UNION ", sets);
    }

    /** The candidates condition, its parameter added after the set's own (it comes last in the set). */
    private static String among(String column, UUID[] candidates, List<Object> params) {
        if (candidates == null) {
            return "";
        }
        params.add(candidates);
        return " AND " + column + " = ANY(?)";
    }

    private static String host(HostPattern p, UUID[] candidates, List<Object> params) {
        if (p.exact()) {
            params.add(p.prefix());
            return "SELECT id FROM credentials WHERE host_key = ?" + among("id", candidates, params);
        }
        StringBuilder sql = new StringBuilder("SELECT id FROM credentials WHERE ");
        if (candidates != null) {
            // Among candidates: no range, so that they are read by primary key (at most MAX_CANDIDATES rows).
            params.add(candidates);
            sql.append("id = ANY(?) AND ");
        }
        // One range, on the longer literal (the narrower one, usually); the LIKE on the same column keeps the
        // scan inside the index (host_key, id) or (host_rev, id).
        if (!p.prefix().isEmpty() && p.prefix().length() >= p.suffix().length()) {
            if (candidates == null) {
                range(sql, "host_key", p.prefix(), params);
            }
            sql.append("host_key LIKE ? ESCAPE '\\'");
            params.add(p.like());
        } else if (!p.suffix().isEmpty()) {
            if (candidates == null) {
                range(sql, "host_rev", HostKeys.reversed(p.suffix()), params);
            }
            sql.append("host_rev LIKE ? ESCAPE '\\'");
            params.add(p.reversedLike());
        } else {
            // No literal end (*db*): a scan here (unless among candidates); PostgreSQL's trigram index on host_key
            // answers it.
            sql.append("host_key LIKE ? ESCAPE '\\'");
            params.add(p.like());
        }
        return sql.toString();
    }

    private static void range(StringBuilder sql, String column, String prefix, List<Object> params) {
        sql.append(column).append(" >= ? AND ");
        params.add(prefix);
        String upper = HostPattern.upperBound(prefix);
        if (upper != null) {
            sql.append(column).append(" < ? AND ");
            params.add(upper);
        }
    }
}
