package dev.cofre.audit;

import java.nio.file.Path;

/** A second audit writer found the H2 audit journal held by another: the start stops before it writes anything. */
final class AuditJournalInUseException extends IllegalStateException {

    AuditJournalInUseException(Path file) {
        super("The audit journal " + file + " is in use by another audit writer: an embedded H2 database serves"
                + " one Cofre server (use PostgreSQL for several)");
    }

    /** What the operator should do about it, for the start-up failure report. */
    String action() {
        return "Stop the other Cofre server that uses this H2 database (e.g. through AUTO_SERVER=TRUE) before starting"
                + " this one, or point every server at one PostgreSQL database (SPRING_DATASOURCE_URL).";
    }
}
