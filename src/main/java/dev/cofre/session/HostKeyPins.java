package dev.cofre.session;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.common.InvalidInputException;
import dev.cofre.common.NotFoundException;
import dev.cofre.policy.PolicyService;

/**
 * Target host keys, trusted on first use: the first key a host:port offers is pinned (audited as
 * HOST_KEY_PINNED, before the connection goes on), and later only that key is accepted. A changed key is refused
 * and never re-pinned automatically: an administrator lists the pins and forgets the old one (audited, also as
 * HOST_KEY_PINNED), and the next session pins the key the host offers then.
 */
@Component
class HostKeyPins {

    static final int MAX_PAGE_SIZE = 200;

    record Pin(String host, int port, String algorithm, String fingerprint) {
    }

    /** A pin as administrators see it; {@code id} changes when a host is re-pinned. */
    record PinnedKey(long id, String host, int port, String algorithm, String fingerprint, Instant pinnedAt,
                     String pinnedBy) {
    }

    /** A host offered a key other than the pinned one. */
    record Mismatch(String pinnedFingerprint, String offeredFingerprint) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final PolicyService policies;

    HostKeyPins(JdbcClient jdbc, AuditTrail audit, Clock clock, PolicyService policies) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.policies = policies;
    }

    /** The pinned keys, by host and port (administrators only). */
    List<PinnedKey> list(Actor actor, int page, int size) {
        if (page < 0 || page > 1_000_000) {
            throw new InvalidInputException("page", "page must be between 0 and 1000000");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        policies.requireAdmin(actor, AuditAction.HOST_KEY_PINNED, "ssh host keys");
        return jdbc.sql("SELECT id, host, port, algorithm, fingerprint, pinned_at, pinned_by FROM ssh_host_keys "
                        + "ORDER BY host, port LIMIT ? OFFSET ?")
                .params(size, (long) page * size)
                .query((rs, n) -> new PinnedKey(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7)))
                .list();
    }

    /**
     * Forgets one pin, so that the next session to that host:port pins the key it offers then. On record before
     * the pin goes (fail closed). Only the pin with this id goes: a key pinned after the caller's listing has
     * another id and stays.
     */
    void unpin(Actor actor, long id) {
        policies.requireAdmin(actor, AuditAction.HOST_KEY_PINNED, "ssh host key " + id);
        PinnedKey pin = jdbc.sql("SELECT id, host, port, algorithm, fingerprint, pinned_at, pinned_by "
                        + "FROM ssh_host_keys WHERE id = ?").param(id)
                .query((rs, n) -> new PinnedKey(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7)))
                .optional().orElseThrow(() -> new NotFoundException("No pinned host key with this id"));
        audit.record(actor.event(AuditAction.HOST_KEY_PINNED, null, pin.host() + ":" + pin.port(),
                AuditOutcome.SUCCESS, "unpinned by admin: " + pin.algorithm() + " " + pin.fingerprint()));
        jdbc.sql("DELETE FROM ssh_host_keys WHERE id = ?").param(id).update();
    }

    Optional<Pin> find(String host, int port) {
        return jdbc.sql("SELECT host, port, algorithm, fingerprint FROM ssh_host_keys WHERE host = ? AND port = ?")
                .params(key(host), port)
                .query((rs, n) -> new Pin(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    /** A verifier for one connection on behalf of {@code actor}; after a refusal, {@code mismatch()} says why. */
    Verifier verifierFor(Actor actor, UUID credentialId, String host, int port) {
        return new Verifier(actor, credentialId, host, port);
    }

    final class Verifier implements ServerKeyVerifier {
        private final Actor actor;
        private final UUID credentialId;
        private final String host;
        private final int port;
        private volatile Mismatch mismatch;

        Verifier(Actor actor, UUID credentialId, String host, int port) {
            this.actor = actor;
            this.credentialId = credentialId;
            this.host = host;
            this.port = port;
        }

        @Override
        public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
            String offered = KeyUtils.getFingerPrint(serverKey);
            Optional<Pin> pin = find(host, port);
            if (pin.isEmpty()) {
                audit.record(actor.event(AuditAction.HOST_KEY_PINNED, credentialId, host + ":" + port,
                        AuditOutcome.SUCCESS, KeyUtils.getKeyType(serverKey) + " " + offered));
                try {
                    jdbc.sql("INSERT INTO ssh_host_keys (host, port, algorithm, fingerprint, public_key, pinned_at, "
                                    + "pinned_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                            .params(key(host), port, KeyUtils.getKeyType(serverKey), offered,
                                    PublicKeyEntry.toString(serverKey), clock.instant().atOffset(ZoneOffset.UTC),
                                    actor.username())
                            .update();
                    return true;
                } catch (DuplicateKeyException e) {
                    pin = find(host, port); // pinned concurrently by another session: compare with that one
                }
            }
            if (pin.isPresent() && pin.get().fingerprint().equals(offered)) {
                return true;
            }
            mismatch = new Mismatch(pin.map(Pin::fingerprint).orElse("?"), offered);
            return false;
        }

        Mismatch mismatch() {
            return mismatch;
        }
    }

    private static String key(String host) {
        return host.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
