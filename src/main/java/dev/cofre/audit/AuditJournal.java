package dev.cofre.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The write-ahead journal of the audit trail on embedded H2: each group-commit batch is appended and forced to
 * disk (one small sequential write and one {@code fdatasync}) before its callers are answered, so H2 itself may
 * store the batch lazily. Without it every batch would need {@code CHECKPOINT SYNC}, which makes H2 serialise a
 * new copy-on-write chunk of every B-tree page the batch touched (the table and its four indexes) — the largest
 * single cost of an audited request (docs/BENCHMARKS.md). PostgreSQL has a write-ahead log of its own and needs
 * no journal.
 *
 * <p>The journal holds only what the trail holds (no secret ever reaches an audit record). It is emptied after
 * each checkpoint, once H2 has forced everything it holds to disk; after a crash, {@link #recover()} returns the
 * batches written since, and the sink re-inserts those the database lost.
 *
 * <p>The file is preallocated ({@value #PREALLOCATED_BYTES} bytes of zeros) and emptying it only starts writing from
 * the beginning again, so an append changes no file size and its {@code fdatasync} writes the data alone (the
 * inode write was a third of its cost). Records of an emptied generation may therefore follow the current ones:
 * the journal ends at the first record that does not continue the sequence of the one before it (an older
 * generation's records all have lower numbers).
 *
 * <h2>Record layout — NEVER CHANGE without a new magic: journals left by a crash are read by the next version</h2>
 * <pre>
 * int   magic 0x434A5231 ("CJR1")
 * int   payload length (1 .. {@value #MAX_PAYLOAD})
 * int   CRC-32C of the payload
 * bytes payload: seq, at (epoch seconds, nanos), actor, actorId, via, action, credentialId, target, outcome, ip,
 *       userAgent, detail (each text or UUID: a presence byte, then modified UTF-8 / two longs),
 *       prev_hash and hash (32 bytes each)
 * </pre>
 * A record that is cut short or fails its CRC ends the journal: it was being written when the server stopped, so
 * its batch was never answered; so does a record whose number does not follow the previous one's. Not
 * thread-safe: only the audit writer thread uses it.
 */
final class AuditJournal implements AutoCloseable {

    static final int MAGIC = 0x434A5231;
    /** A record is a few hundred bytes (fields are clipped); anything bigger is damage, not a record. */
    static final int MAX_PAYLOAD = 16 * 1024;
    private static final int HEADER = 12;
    /** Room for a checkpoint interval's records (the sink checkpoints at 8 MB); beyond it the file just grows. */
    static final long PREALLOCATED_BYTES = 16L * 1024 * 1024;

    /** A journaled record: the event as placed in the chain, with its links. */
    record Entry(AuditEvent event, byte[] previousHash, byte[] hash) {
    }

    private final Path file;
    private final FileChannel channel;
    private long size;

    private AuditJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating, owner-only) the journal; nothing is read until {@link #recover()}. */
    static AuditJournal open(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the data dir's own ACL applies.
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                lockForThisWriter(channel, file);
                preallocate(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new AuditJournal(file, channel);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the audit journal " + file + " (" + e.getClass().getSimpleName()
                    + "): Cofre needs to read and write it next to its database", e);
        }
    }

    /**
     * One audit writer per journal: a second one (another Cofre process reaching the same H2 file through
     * AUTO_SERVER, or a second context in this one) would interleave its batches with the first's and, after a
     * crash, re-insert the first's. The lock goes with the channel, so also with a process that dies.
     */
    private static void lockForThisWriter(FileChannel channel, Path file) throws IOException {
        boolean locked;
        try {
            locked = channel.tryLock() != null;
        } catch (OverlappingFileLockException heldInThisProcess) {
            locked = false;
        }
        if (!locked) {
            throw new AuditJournalInUseException(file);
        }
    }

    /** The journal of an embedded H2 file database, next to its file; empty for any other database. */
    static Optional<Path> besideH2File(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        if (options >= 0) {
            rest = rest.substring(0, options);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.matches("^[a-zA-Z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, ... : not a local file this node owns
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return rest.isBlank() ? Optional.empty() : Optional.of(Path.of(rest + ".audit-journal"));
    }

    private static void preallocate(FileChannel channel) throws IOException {
        long length = channel.size();
        if (length >= PREALLOCATED_BYTES) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate(1024 * 1024);
        while (length < PREALLOCATED_BYTES) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), PREALLOCATED_BYTES - length));
            while (zeros.hasRemaining()) {
                length += channel.write(zeros, length);
            }
        }
        channel.force(true);
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /**
     * Reads every complete record of the current generation, in order; later appends follow the last good one and
     * overwrite whatever (torn, damaged or older) bytes came after it.
     */
    List<Entry> recover() {
        List<Entry> entries = new ArrayList<>();
        try {
            long length = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position + HEADER <= length) {
                header.clear();
                readFully(header, position);
                header.flip();
                int magic = header.getInt();
                int payloadLength = header.getInt();
                int crc = header.getInt();
                if (magic != MAGIC || payloadLength < 1 || payloadLength > MAX_PAYLOAD
                        || position + HEADER + payloadLength > length) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(payloadLength);
                readFully(payload, position + HEADER);
                CRC32C check = new CRC32C();
                check.update(payload.array(), 0, payloadLength);
                if ((int) check.getValue() != crc) {
                    break;
                }
                Optional<Entry> entry = decode(payload.array());
                if (entry.isEmpty() || !entries.isEmpty()
                        && entry.get().event().seq() != entries.get(entries.size() - 1).event().seq() + 1) {
                    break;
                }
                entries.add(entry.get());
                position += HEADER + payloadLength;
            }
            size = position;
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit journal " + file, e);
        }
    }

    /** Appends the entries and forces them to disk; when this returns, they survive a crash. */
    void append(List<Entry> entries) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(entries.size() * 400);
        for (Entry e : entries) {
            byte[] payload = encode(e);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(payload.length)
                    .putInt((int) crc.getValue());
            buffer.write(header.array(), 0, HEADER);
            buffer.write(payload, 0, payload.length);
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
        try {
            long position = size;
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(false);
            size = position;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the audit journal " + file, e);
        }
    }

    /**
     * Empties the journal: the next append starts a new generation at the beginning. Call only once the database
     * holds everything in it durably (the records left behind are then harmless if read again).
     */
    void clear() {
        size = 0;
        try {
            // Not forced: should a crash undo this, the records read again are all in the database already.
            channel.write(ByteBuffer.allocate(HEADER), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty the audit journal " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the audit journal " + file, e);
        }
    }

    private void readFully(ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                throw new EOFException();
            }
        }
    }

    static byte[] encode(Entry entry) {
        AuditEvent e = entry.event();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(400);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(e.seq());
            out.writeLong(e.at().getEpochSecond());
            out.writeInt(e.at().getNano());
            text(out, e.actor());
            uuid(out, e.actorId());
            text(out, e.via());
            out.writeUTF(e.action().name());
            uuid(out, e.credentialId());
            text(out, e.target());
            out.writeUTF(e.outcome().name());
            text(out, e.ip());
            text(out, e.userAgent());
            text(out, e.detail());
            out.write(entry.previousHash());
            out.write(entry.hash());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** Empty when the payload does not parse (a record of another version, or damage the CRC missed). */
    static Optional<Entry> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            long seq = in.readLong();
            Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String actor = text(in);
            UUID actorId = uuid(in);
            String via = text(in);
            AuditAction action = AuditAction.valueOf(in.readUTF());
            UUID credentialId = uuid(in);
            String target = text(in);
            AuditOutcome outcome = AuditOutcome.valueOf(in.readUTF());
            String ip = text(in);
            String userAgent = text(in);
            String detail = text(in);
            byte[] previous = in.readNBytes(AuditChain.HASH_LENGTH);
            byte[] hash = in.readNBytes(AuditChain.HASH_LENGTH);
            if (hash.length != AuditChain.HASH_LENGTH || in.read() != -1) {
                return Optional.empty();
            }
            return Optional.of(new Entry(new AuditEvent(seq, at, actor, actorId, via, action, credentialId, target,
                    outcome, ip, userAgent, detail), previous, hash));
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void uuid(DataOutputStream out, UUID value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getMostSignificantBits());
            out.writeLong(value.getLeastSignificantBits());
        }
    }

    private static UUID uuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }
}
