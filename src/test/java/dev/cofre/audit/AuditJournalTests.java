package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The H2 audit journal on its own: what was appended comes back, and damage ends it instead of breaking it. */
class AuditJournalTests {

    @TempDir
    Path dir;

    private final AuditChain chain = new AuditChain(new byte[32]);

    /** {@code count} chained entries starting after {@code previous} at {@code firstSeq}. */
    private List<AuditJournal.Entry> entries(long firstSeq, int count, byte[] previous) {
        List<AuditJournal.Entry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuditEvent e = new AuditEvent(firstSeq + i, Instant.parse("2026-12-02T10:00:00.123456Z"),
                    i % 2 == 0 ? "alice" : null, i % 2 == 0 ? UUID.randomUUID() : null, "token:t" + i,
                    AuditAction.TOKEN_VIEW, UUID.randomUUID(), "srv-\u00e9-" + i, AuditOutcome.SUCCESS, "::1",
                    i % 3 == 0 ? null : "curl/8 \uD83D\uDE00", i % 2 == 0 ? "" : "detail " + i);
            byte[] hash = chain.link(previous, e);
            out.add(new AuditJournal.Entry(e, previous, hash));
            previous = hash;
        }
        return out;
    }

    private static void assertSameEntries(List<AuditJournal.Entry> actual, List<AuditJournal.Entry> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).event()).isEqualTo(expected.get(i).event());
            assertThat(actual.get(i).previousHash()).isEqualTo(expected.get(i).previousHash());
            assertThat(actual.get(i).hash()).isEqualTo(expected.get(i).hash());
        }
    }

    @Test
    void appendedBatchesComeBackInOrderAfterAReopen() {
        Path file = dir.resolve("cofre.audit-journal");
        List<AuditJournal.Entry> first = entries(1, 3, AuditChain.GENESIS);
        List<AuditJournal.Entry> second = entries(4, 5, first.get(2).hash());
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertThat(journal.recover()).isEmpty();
            journal.append(first);
            journal.append(second);
        }
        List<AuditJournal.Entry> all = new ArrayList<>(first);
        all.addAll(second);
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), all);
        }
    }

    @Test
    void aSecondWriterInThisProcessIsRefusedAndTheFirstKeepsItsJournal() {
        Path file = dir.resolve("one-writer.audit-journal");
        List<AuditJournal.Entry> batch = entries(1, 2, AuditChain.GENESIS);
        try (AuditJournal first = AuditJournal.open(file)) {
            first.append(batch);

            assertThatThrownBy(() -> AuditJournal.open(file)).isInstanceOf(AuditJournalInUseException.class)
                    .hasMessageContaining("in use by another audit writer");

            assertSameEntries(first.recover(), batch);
        }
        try (AuditJournal again = AuditJournal.open(file)) {
            assertSameEntries(again.recover(), batch);
        }
    }

    @Test
    @Timeout(120)
    void aJournalHeldByAnotherProcessIsRefusedUntilThatProcessLetsGo() throws Exception {
        Path file = dir.resolve("other-process.audit-journal");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldJournalOpen.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("the other process opened the journal").isEqualTo("held");

            assertThatThrownBy(() -> AuditJournal.open(file)).isInstanceOf(AuditJournalInUseException.class)
                    .hasMessageContaining("in use by another audit writer");

            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("the other process let go").isTrue();
            assertThat(holder.exitValue()).isZero();
            AuditJournal.open(file).close();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aJournalInUseIsReportedAsAStartFailureWithWhatToDo() {
        Path file = dir.resolve("report.audit-journal");
        AuditJournalInUseException inUse = new AuditJournalInUseException(file);
        RuntimeException wrapped = new IllegalStateException("Error creating bean 'auditWriter'", inUse);

        FailureAnalysis analysis = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                // Other analyzers need a bean factory to be built; only ours matters here.
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }))
                .stream()
                .filter(AuditJournalFailureAnalyzer.class::isInstance)
                .map(analyzer -> analyzer.analyze(wrapped))
                .findFirst()
                .orElseThrow();

        assertThat(analysis.getDescription()).contains(file.toString(), "in use by another audit writer");
        assertThat(analysis.getAction()).contains("AUTO_SERVER", "PostgreSQL");
    }

    @Test
    void journalIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("cofre.audit-journal");
        AuditJournal.open(file).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aTornLastRecordIsCutOffAndTheNextAppendFollowsTheLastGoodOne() throws IOException {
        Path file = dir.resolve("torn.audit-journal");
        List<AuditJournal.Entry> kept = entries(1, 4, AuditChain.GENESIS);
        long goodLength;
        try (AuditJournal journal = AuditJournal.open(file)) {
            journal.append(kept);
            goodLength = journal.size();
            journal.append(entries(5, 1, kept.get(3).hash()));
        }
        // The server stopped in the middle of writing the fifth record: only its first 20 bytes reached the disk.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(goodLength + 20);
            raf.write(new byte[400]);
        }
        List<AuditJournal.Entry> next = entries(5, 2, kept.get(3).hash());
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), kept);
            assertThat(journal.size()).isEqualTo(goodLength);
            journal.append(next);
        }
        List<AuditJournal.Entry> all = new ArrayList<>(kept);
        all.addAll(next);
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), all);
        }
    }

    @Test
    void aRecordFailingItsChecksumEndsTheJournal() throws IOException {
        Path file = dir.resolve("crc.audit-journal");
        List<AuditJournal.Entry> written = entries(1, 3, AuditChain.GENESIS);
        long afterFirst;
        try (AuditJournal journal = AuditJournal.open(file)) {
            journal.append(written.subList(0, 1));
            afterFirst = journal.size();
            journal.append(written.subList(1, 3));
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(afterFirst + 12 + 9); // a byte inside the second record's payload
            int b = raf.read();
            raf.seek(afterFirst + 12 + 9);
            raf.write(b ^ 0x01);
        }
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), written.subList(0, 1));
        }
    }

    @Test
    void hostileLengthsAndForeignBytesEndTheJournalWithoutReadingThem() throws IOException {
        Path file = dir.resolve("hostile.audit-journal");
        List<AuditJournal.Entry> written = entries(1, 2, AuditChain.GENESIS);
        long good;
        try (AuditJournal journal = AuditJournal.open(file)) {
            journal.append(written);
            good = journal.size();
        }
        // A header claiming a 2 GiB payload: must not be allocated, must end the journal.
        writeAt(file, good, ByteBuffer.allocate(12).putInt(AuditJournal.MAGIC).putInt(Integer.MAX_VALUE).putInt(0)
                .array());
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), written);
            assertThat(journal.size()).isEqualTo(good);
        }
        writeAt(file, good, "not a journal at all, just text".getBytes());
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), written);
        }
        Path garbage = dir.resolve("garbage.audit-journal");
        Files.write(garbage, new byte[] {0x43, 0x4A, 0x52, 0x31, 0, 0, 0, 5, 1, 2, 3, 4, 9, 9, 9, 9, 9});
        try (AuditJournal journal = AuditJournal.open(garbage)) {
            assertThat(journal.recover()).isEmpty();
            assertThat(journal.size()).isZero();
        }
    }

    @Test
    void recordsOfAnEmptiedGenerationThatFollowTheCurrentOnesAreNotRead() {
        Path file = dir.resolve("generations.audit-journal");
        List<AuditJournal.Entry> older = entries(1, 5, AuditChain.GENESIS);
        // Same contents and lengths as the first two older records, so the third older record follows them
        // exactly, with a valid checksum: only its number (3 after 11) tells it apart.
        List<AuditJournal.Entry> current = entries(10, 2, older.get(4).hash());
        try (AuditJournal journal = AuditJournal.open(file)) {
            journal.append(older);
            journal.clear();
            journal.append(current);
        }
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertSameEntries(journal.recover(), current);
        }
    }

    @Test
    void theFileIsPreallocatedSoAnAppendChangesNoFileSize() throws IOException {
        Path file = dir.resolve("sized.audit-journal");
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertThat(Files.size(file)).isEqualTo(AuditJournal.PREALLOCATED_BYTES);
            journal.append(entries(1, 50, AuditChain.GENESIS));
            assertThat(Files.size(file)).isEqualTo(AuditJournal.PREALLOCATED_BYTES);
        }
    }

    private static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(bytes);
        }
    }

    @Test
    void aWellFramedPayloadThatDoesNotParseEndsTheJournal() {
        byte[] payload = AuditJournal.encode(entries(1, 1, AuditChain.GENESIS).get(0));
        assertThat(AuditJournal.decode(payload)).isPresent();
        assertThat(AuditJournal.decode(java.util.Arrays.copyOf(payload, payload.length - 1))).isEmpty();
        assertThat(AuditJournal.decode(java.util.Arrays.copyOf(payload, payload.length + 1))).isEmpty();
        assertThat(AuditJournal.decode(new byte[0])).isEmpty();
    }

    @Test
    void clearEmptiesTheJournal() {
        Path file = dir.resolve("clear.audit-journal");
        try (AuditJournal journal = AuditJournal.open(file)) {
            journal.append(entries(1, 3, AuditChain.GENESIS));
            journal.clear();
            assertThat(journal.size()).isZero();
        }
        try (AuditJournal journal = AuditJournal.open(file)) {
            assertThat(journal.recover()).isEmpty();
        }
    }

    @Test
    void onlyAnEmbeddedH2FileDatabaseGetsAJournalBesideItsFile() {
        assertThat(AuditJournal.besideH2File("jdbc:h2:file:/var/lib/cofre/cofre;DB_CLOSE_ON_EXIT=FALSE"))
                .contains(Path.of("/var/lib/cofre/cofre.audit-journal"));
        assertThat(AuditJournal.besideH2File("jdbc:h2:./data/cofre")).contains(Path.of("./data/cofre.audit-journal"));
        assertThat(AuditJournal.besideH2File("jdbc:h2:~/cofre"))
                .contains(Path.of(System.getProperty("user.home") + "/cofre.audit-journal"));
        assertThat(AuditJournal.besideH2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(AuditJournal.besideH2File("jdbc:h2:tcp://db:9092/cofre")).isEmpty();
        assertThat(AuditJournal.besideH2File("jdbc:postgresql://db:5432/cofre")).isEmpty();
        assertThat(AuditJournal.besideH2File(null)).isEmpty();
    }
}
