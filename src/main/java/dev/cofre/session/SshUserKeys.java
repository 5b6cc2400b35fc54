package dev.cofre.session;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.common.ConflictException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.common.NotFoundException;

/**
 * The SSH public keys users register for gateway logins (their own keys only; every change audited). Keys are
 * compared by their SHA-256 fingerprint. Public front door for the API and the My account page: {@link #list},
 * {@link #add} and {@link #delete}; the rest stays package-private.
 */
@Service
public class SshUserKeys {

    static final int MAX_KEYS_PER_USER = 50;
    private static final int MAX_LINE = 8192;

    public record SshKey(UUID id, String name, String algorithm, String fingerprint, String publicKey, Instant createdAt,
                  Instant lastUsedAt) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    SshUserKeys(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public List<SshKey> list(Actor actor) {
        requireUser(actor);
        return jdbc.sql("SELECT * FROM ssh_user_keys WHERE user_id = ? ORDER BY created_at, id")
                .param(actor.userId())
                .query((rs, n) -> new SshKey(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("algorithm"), rs.getString("fingerprint"), rs.getString("public_key"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_used_at", OffsetDateTime.class) == null ? null
                                : rs.getObject("last_used_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    public SshKey add(Actor actor, String name, String publicKeyLine) {
        requireUser(actor);
        String label = name == null || name.isBlank() ? null : name.strip();
        if (label != null && (label.length() > 100 || label.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException("name", "a key name is at most 100 characters without control characters");
        }
        PublicKey key = parse(publicKeyLine);
        String fingerprint = KeyUtils.getFingerPrint(key);
        String canonical = PublicKeyEntry.toString(key);
        long count = jdbc.sql("SELECT COUNT(*) FROM ssh_user_keys WHERE user_id = ?").param(actor.userId())
                .query(Long.class).single();
        if (count >= MAX_KEYS_PER_USER) {
            throw new InvalidInputException("publicKey", "at most " + MAX_KEYS_PER_USER + " SSH keys per user");
        }
        SshKey created = new SshKey(UUID.randomUUID(), label, KeyUtils.getKeyType(key), fingerprint, canonical,
                clock.instant(), null);
        audit.record(actor.event(AuditAction.USER_UPDATE, null, "user " + actor.username(), AuditOutcome.SUCCESS,
                "ssh key added " + fingerprint));
        try {
            jdbc.sql("INSERT INTO ssh_user_keys (id, user_id, name, algorithm, fingerprint, public_key, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(created.id(), actor.userId(), label, created.algorithm(), fingerprint, canonical,
                            created.createdAt().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("publicKey", "This key is already registered");
        }
        return created;
    }

    public void delete(Actor actor, UUID id) {
        requireUser(actor);
        String fingerprint = jdbc.sql("SELECT fingerprint FROM ssh_user_keys WHERE id = ? AND user_id = ?")
                .params(id, actor.userId()).query(String.class).optional()
                .orElseThrow(() -> new NotFoundException("SSH key not found"));
        audit.record(actor.event(AuditAction.USER_UPDATE, null, "user " + actor.username(), AuditOutcome.SUCCESS,
                "ssh key removed " + fingerprint));
        jdbc.sql("DELETE FROM ssh_user_keys WHERE id = ? AND user_id = ?").params(id, actor.userId()).update();
    }

    /** Whether the user registered this key; marks it used when so. */
    boolean registered(UUID userId, PublicKey key) {
        String fingerprint = KeyUtils.getFingerPrint(key);
        int updated = jdbc.sql("UPDATE ssh_user_keys SET last_used_at = ? WHERE user_id = ? AND fingerprint = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), userId, fingerprint).update();
        return updated > 0;
    }

    static PublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new InvalidInputException("publicKey", "an OpenSSH public key line is required "
                    + "(e.g. the content of ~/.ssh/id_ed25519.pub)");
        }
        if (line.length() > MAX_LINE) {
            throw new InvalidInputException("publicKey", "a public key line is at most " + MAX_LINE + " characters");
        }
        if (line.contains("PRIVATE KEY")) {
            throw new InvalidInputException("publicKey", "this is a private key: send the public key (.pub) only, "
                    + "and consider the private key exposed");
        }
        String single = line.strip();
        if (single.contains("\n")) {
            throw new InvalidInputException("publicKey", "send one public key per request");
        }
        try {
            PublicKey key = AuthorizedKeyEntry.parseAuthorizedKeyEntry(single)
                    .resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (Exception e) {
            throw new InvalidInputException("publicKey", "not an OpenSSH public key; accepted: ssh-ed25519, "
                    + "ecdsa-sha2-nistp256/384/521 and ssh-rsa lines as in authorized_keys");
        }
    }

    private static void requireUser(Actor actor) {
        if (actor.userId() == null) {
            throw new InvalidInputException("user", "only a signed-in user has SSH keys");
        }
    }
}
