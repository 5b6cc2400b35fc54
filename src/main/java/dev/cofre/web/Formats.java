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

    /** A filter date (YYYY-MM-DD, UTC) as the instant that starts it, {@code plusDays} later (1 for an end bound). */
    static Instant day(String field, String value, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new dev.cofre.common.InvalidInputException(field, field + " must be a date (YYYY-MM-DD)");
        }
    }

    static String instant(Instant at) {
        return at == null ? "—" : INSTANT.format(at);
    }
}
