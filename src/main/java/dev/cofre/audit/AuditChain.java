package dev.cofre.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes a record's link in the chain: HMAC-SHA256 under the audit key over the previous link and the record's
 * canonical bytes. Keyed, so someone who can edit the database but lacks the master key cannot rewrite the chain
 * after an edit. NEVER change the canonical encoding: every stored hash depends on it.
 */
final class AuditChain {

    static final int HASH_LENGTH = 32;
    static final byte[] GENESIS = new byte[HASH_LENGTH];

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

    /** Not thread-safe: {@link Mac#doFinal()} resets the Mac for the next record. */
    static final class Linker {
        private final Mac mac;

        private Linker(Mac mac) {
            this.mac = mac;
        }

        byte[] link(byte[] previous, AuditEvent e) {
            mac.update(previous);
            mac.update(canonical(e));
            return mac.doFinal();
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Length-prefixed UTF-8 fields in a fixed order; timestamps as epoch microseconds (what both databases keep). */
    static byte[] canonical(AuditEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, "v1");
        field(out, Long.toString(e.seq()));
        field(out, Long.toString(micros(e)));
        field(out, e.actor());
        field(out, str(e.actorId()));
        field(out, e.via());
        field(out, e.action().name());
        field(out, str(e.credentialId()));
        field(out, e.target());
        field(out, e.outcome().name());
        field(out, e.ip());
        field(out, e.userAgent());
        field(out, e.detail());
        return out.toByteArray();
    }

    private static long micros(AuditEvent e) {
        return Math.addExact(Math.multiplyExact(e.at().getEpochSecond(), 1_000_000L), e.at().getNano() / 1_000);
    }

    private static String str(UUID id) {
        return id == null ? null : id.toString();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.write(0xFF);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(0x00);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
