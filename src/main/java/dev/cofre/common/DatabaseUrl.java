package dev.cofre.common;

import java.util.Locale;

/**
 * What a JDBC URL says about the storage, for the features that differ by it (the credential cache and search
 * index, the audit journal, PostgreSQL's batched inserts and NOTIFY). Read from the URL because the packaged jar's
 * beans are fixed at build time and the URL is not, and because these are decided before any connection exists.
 */
public final class DatabaseUrl {

    private DatabaseUrl() {
    }

    public static boolean postgres(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /**
     * H2 in this process only: not H2's TCP/SSL server modes, nor AUTO_SERVER (other processes may open the file), so
     * every write goes through this server.
     */
    public static boolean embeddedH2(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return false;
        }
        String u = url.toLowerCase(Locale.ROOT);
        return !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:") && !u.replace(" ", "")
                .contains(";auto_server=true");
    }
}
