package dev.cofre.audit;

import java.nio.file.Path;

/**
 * A second process for {@link AuditJournalTests}: opens the journal named by its argument, says "held" and keeps it
 * open until its standard input ends (the test closes it, or dies).
 */
final class HoldJournalOpen {

    private HoldJournalOpen() {
    }

    public static void main(String[] args) throws Exception {
        try (AuditJournal journal = AuditJournal.open(Path.of(args[0]))) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // holds the journal until stdin is closed
            }
        }
    }
}
