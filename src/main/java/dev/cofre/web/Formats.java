package dev.cofre.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages print times: UTC, to the second, so that records from several nodes read alike. */
final class Formats {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String instant(Instant at) {
        return at == null ? "—" : INSTANT.format(at);
    }
}
