package dev.cofre.credential;

import java.util.ArrayList;
import java.util.List;

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
     * parameters to {@code params}. The scope must be neither all nor none.
     */
    static String sql(CredentialScope scope, List<Object> params) {
        List<String> sets = new ArrayList<>();
        if (!scope.ids().isEmpty()) {
            sets.add("SELECT id FROM credentials WHERE id IN (" + CredentialRepository.marks(scope.ids().size())
                    + ")");
            params.addAll(scope.ids());
        }
        if (!scope.tags().isEmpty()) {
            // Named id: the union is joined on v.id, and its first member names the column.
            sets.add("SELECT credential_id AS id FROM credential_tags WHERE tag IN ("
                    + CredentialRepository.marks(scope.tags().size()) + ")");
            params.addAll(scope.tags());
        }
        for (String like : scope.hostLikePatterns()) {
            sets.add(host(HostPattern.parse(like), params));
        }
        return String.join(" UNION ", sets);
    }

    private static String host(HostPattern p, List<Object> params) {
        if (p.exact()) {
            params.add(p.prefix());
            return "SELECT id FROM credentials WHERE host_key = ?";
        }
        // One range, on the longer literal (the narrower one, usually); the LIKE on the same column keeps the
        // scan inside the index (host_key, id) or (host_rev, id).
        StringBuilder sql = new StringBuilder("SELECT id FROM credentials WHERE ");
        if (!p.prefix().isEmpty() && p.prefix().length() >= p.suffix().length()) {
            range(sql, "host_key", p.prefix(), params);
            sql.append("host_key LIKE ? ESCAPE '\\'");
            params.add(p.like());
        } else if (!p.suffix().isEmpty()) {
            range(sql, "host_rev", HostKeys.reversed(p.suffix()), params);
            sql.append("host_rev LIKE ? ESCAPE '\\'");
            params.add(p.reversedLike());
        } else {
            // No literal end (*db*): a scan here; PostgreSQL's trigram index on host_key answers it.
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
