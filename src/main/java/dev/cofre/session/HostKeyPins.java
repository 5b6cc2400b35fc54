package dev.cofre.session;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
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

/**
 * Target host keys, trusted on first use: the first key a host:port offers is pinned (audited as
 * HOST_KEY_PINNED, before the connection goes on), and later only that key is accepted. A changed key is refused
 * and never re-pinned automatically.
 */
@Component
class HostKeyPins {

    record Pin(String host, int port, String algorithm, String fingerprint) {
    }

    /** A host offered a key other than the pinned one. */
    record Mismatch(String pinnedFingerprint, String offeredFingerprint) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    HostKeyPins(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
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
