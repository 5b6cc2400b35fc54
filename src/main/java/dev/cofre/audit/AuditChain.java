package dev.cofre.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes a record's link in the chain: HMAC-SHA256 under the audit key over the previous link and the record's
 * canonical bytes. Keyed, so someone who can edit the database but lacks the master key cannot rewrite the chain
 * after an edit. NEVER change the canonical encoding: every stored hash depends on it ({@code AuditChainTests}
 * holds known answers).
 */
final class AuditChain {

    static final int HASH_LENGTH = 32;
    static final byte[] GENESIS = new byte[HASH_LENGTH];

    /**
     * The stored columns a link covers, in canonical order, then the two links: what verification selects, so it
     * hashes the raw column values without mapping rows to {@link AuditEvent}s.
     */
    static final String COLUMNS =
            "seq, at, actor, actor_id, via, action, credential_id, target, outcome, ip, user_agent, detail, prev_hash, hash";

    private final SecretKeySpec key;

    AuditChain(byte[] auditKey) {
        this.key = new SecretKeySpec(auditKey, "HmacSHA256");
    }

    byte[] link(byte[] previous, AuditEvent e) {
        return linker().link(previous, e);
    }

    /** A linker for one thread (the writer, or one verification): one initialised Mac reused for every record. */
    Linker linker() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return new Linker(mac);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    /** Not thread-safe: {@link Mac#doFinal()} resets the Mac for the next record, the buffer is reused. */
    static final class Linker {
        private final Mac mac;
        private final Canonical canonical = new Canonical();

        private Linker(Mac mac) {
            this.mac = mac;
        }

        byte[] link(byte[] previous, AuditEvent e) {
            canonical.reset();
            canonical.event(e);
            return finish(previous);
        }

        /** The link of the row under the cursor of a query selecting {@link #COLUMNS}, from its raw values. */
        byte[] link(byte[] previous, ResultSet rs) throws SQLException {
            canonical.reset();
            canonical.row(rs);
            return finish(previous);
        }

        private byte[] finish(byte[] previous) {
            mac.update(previous);
            mac.update(canonical.bytes, 0, canonical.length);
            return mac.doFinal();
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] canonical(AuditEvent e) {
        Canonical c = new Canonical();
        c.event(e);
        return Arrays.copyOf(c.bytes, c.length);
    }

    /**
     * Length-prefixed UTF-8 fields in a fixed order; timestamps as epoch microseconds (what both databases keep).
     * A null field is the single byte 0xFF; any other is 0x00, a 4-byte big-endian length and the bytes. Built in
     * one growing buffer reused record after record.
     */
    private static final class Canonical {
        private byte[] bytes = new byte[512];
        private int length;

        void reset() {
            length = 0;
        }

        void event(AuditEvent e) {
            text("v1");
            number(e.seq());
            number(micros(e.at()));
            text(e.actor());
            text(str(e.actorId()));
            text(e.via());
            text(e.action().name());
            text(str(e.credentialId()));
            text(e.target());
            text(e.outcome().name());
            text(e.ip());
            text(e.userAgent());
            text(e.detail());
        }

        /** The same fields as {@link #event}, read from the columns of {@link #COLUMNS} (1-based, same order). */
        void row(ResultSet rs) throws SQLException {
            text("v1");
            number(rs.getLong(1));
            number(micros(rs.getObject(2, OffsetDateTime.class).toInstant()));
            // UUIDs, action and outcome as the database spells them: both give the lower-case canonical UUID form
            // (as UUID.toString) and the enum name as written, and anything else fails the hash, as it should.
            for (int column = 3; column <= 12; column++) {
                text(rs.getString(column));
            }
        }

        private void number(long value) {
            text(Long.toString(value));
        }

        private void text(String value) {
            if (value == null) {
                ensure(1);
                bytes[length++] = (byte) 0xFF;
                return;
            }
            int n = value.length();
            ensure(5 + n);
            int start = length + 5;
            int i = 0;
            for (; i < n; i++) { // ASCII straight in; anything else through the UTF-8 encoder
                char ch = value.charAt(i);
                if (ch >= 0x80) {
                    break;
                }
                bytes[start + i] = (byte) ch;
            }
            int size = n;
            if (i < n) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                size = utf8.length;
                ensure(5 + size);
                System.arraycopy(utf8, 0, bytes, start, size);
            }
            bytes[length] = 0x00;
            bytes[length + 1] = (byte) (size >>> 24);
            bytes[length + 2] = (byte) (size >>> 16);
            bytes[length + 3] = (byte) (size >>> 8);
            bytes[length + 4] = (byte) size;
            length = start + size;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static String str(UUID id) {
        return id == null ? null : id.toString();
    }
}
