package dev.cofre.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Proves at start-up that the configured master key is the one this vault's data was sealed with. On first start
 * it seals a known marker under the current key version into {@code crypto_key_check}; on every later start it
 * opens each stored marker. A wrong key, or a stored version the key ring lacks, throws
 * {@link KeyCheckFailedException}, so Cofre refuses to start instead of failing on every read (or, worse, sealing
 * new values under a key that does not match the old ones).
 *
 * <p>Invariant: runs after the Flyway migrations and before anything can use the {@link Barrier} bean.
 */
final class MasterKeyCheck {

    /** Never change: stored check values were sealed with this marker and binding. */
    private static final byte[] MARKER = "cofre master key check v1".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(MasterKeyCheck.class);

    private final JdbcClient jdbc;
    private final KeyRing keyRing;
    private final Barrier barrier;
    private final String keySource;
    private final String keyFile;

    /**
     * @param keySource where the key came from (property name or file path), for messages
     * @param keyFile   the key file path that would be used without COFRE_MASTER_KEY, for messages
     */
    MasterKeyCheck(JdbcClient jdbc, KeyRing keyRing, String keySource, String keyFile) {
        this.jdbc = jdbc;
        this.keyRing = keyRing;
        this.barrier = new AesGcmBarrier(keyRing);
        this.keySource = keySource;
        this.keyFile = keyFile;
    }

    static Binding binding(int keyVersion) {
        return Binding.of("crypto_key_check:" + keyVersion, "check_value");
    }

    /** @throws KeyCheckFailedException when the key ring does not open this vault's check values */
    void verify() {
        List<Row> rows = jdbc.sql("SELECT key_version, check_value FROM crypto_key_check ORDER BY key_version")
                .query((rs, rowNum) -> new Row(rs.getInt(1), rs.getBytes(2)))
                .list();
        for (Row row : rows) {
            verify(row);
        }
        int current = keyRing.currentVersion();
        if (rows.stream().noneMatch(row -> row.keyVersion() == current)) {
            record(current);
        }
    }

    private void record(int version) {
        Ciphertext sealed;
        try (Secret marker = Secret.copyOf(MARKER)) {
            sealed = barrier.seal(marker, binding(version));
        }
        try {
            jdbc.sql("INSERT INTO crypto_key_check (key_version, check_value) VALUES (:version, :value)")
                    .param("version", version)
                    .param("value", sealed.bytes())
                    .update();
            log.info("Recorded the master key check for key version {} (key from {}).", version, keySource);
        } catch (DataIntegrityViolationException e) {
            // Another node recorded it first (shared PostgreSQL): ours must match theirs.
            Row theirs = find(version).orElseThrow(() -> e);
            verify(theirs);
        }
    }

    private Optional<Row> find(int version) {
        return jdbc.sql("SELECT key_version, check_value FROM crypto_key_check WHERE key_version = :version")
                .param("version", version)
                .query((rs, rowNum) -> new Row(rs.getInt(1), rs.getBytes(2)))
                .optional();
    }

    private void verify(Row row) {
        int version = row.keyVersion();
        if (!keyRing.contains(version)) {
            throw new KeyCheckFailedException("This vault's data was sealed under master key version " + version
                    + ", which the configured key (from " + keySource + ") does not provide.", action(), version);
        }
        boolean matches;
        try (Secret opened = barrier.open(new Ciphertext(version, row.checkValue()), binding(version))) {
            matches = MessageDigest.isEqual(opened.bytes(), MARKER);
        } catch (CiphertextTamperedException | IllegalArgumentException e) {
            matches = false;
        }
        if (!matches) {
            throw new KeyCheckFailedException("The master key (from " + keySource + ") does not match this vault's "
                    + "data (key check failed for version " + version + "). Check COFRE_MASTER_KEY or " + keyFile
                    + ".", action(), version);
        }
        log.debug("Master key check passed for key version {}.", version);
    }

    private String action() {
        return "Start Cofre with the master key this vault was created with: set COFRE_MASTER_KEY to it, or unset "
                + "COFRE_MASTER_KEY and restore " + keyFile + " from backup. Deleting the crypto_key_check row "
                + "only hides the problem: values sealed under the old key still will not open.";
    }

    private record Row(int keyVersion, byte[] checkValue) {
    }
}
