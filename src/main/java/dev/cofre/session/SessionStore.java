package dev.cofre.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.cofre.crypto.Ciphertext;

/** The ssh_sessions table. Recordings are stored only as barrier ciphertext; this class never sees plaintext. */
@Repository
class SessionStore {

    // The recording itself is not read for lists: only whether there is one.
    private static final String COLUMNS = "id, user_id, username, credential_id, credential_name, target_host, "
            + "target_port, target_username, kind, pty, client_ip, started_at, ended_at, outcome, failure, "
            + "exit_status, bytes_out, bytes_in, recording_truncated, "
            + "CASE WHEN recording_ct IS NULL THEN FALSE ELSE TRUE END AS has_recording";

    private final JdbcClient jdbc;

    SessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void started(SessionRecord s) {
        jdbc.sql("INSERT INTO ssh_sessions (id, user_id, username, credential_id, credential_name, target_host, "
                        + "target_port, target_username, kind, pty, client_ip, started_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.id(), s.userId(), s.username(), s.credentialId(), s.credentialName(), s.targetHost(),
                        s.targetPort(), s.targetUsername(), s.kind(), s.pty(), s.clientIp(), utc(s.startedAt()))
                .update();
    }

    void ended(UUID id, Instant endedAt, String outcome, String failure, Integer exitStatus, long bytesOut,
               long bytesIn, Ciphertext recording, boolean truncated) {
        jdbc.sql("UPDATE ssh_sessions SET ended_at = ?, outcome = ?, failure = ?, exit_status = ?, bytes_out = ?, "
                        + "bytes_in = ?, recording_ct = ?, recording_truncated = ? WHERE id = ?")
                .params(utc(endedAt), outcome, failure, exitStatus, bytesOut, bytesIn,
                        recording == null ? null : recording.bytes(), truncated, id)
                .update();
    }

    Optional<SessionRecord> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ssh_sessions WHERE id = ?").param(id).query((rs, n) -> map(rs)).optional();
    }

    Optional<Ciphertext> recording(UUID id) {
        return jdbc.sql("SELECT recording_ct FROM ssh_sessions WHERE id = ? AND recording_ct IS NOT NULL").param(id)
                .query((rs, n) -> Ciphertext.fromStored(rs.getBytes(1))).optional();
    }

    List<SessionRecord> list(String username, UUID credentialId, Instant from, Instant to, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (username != null) {
            where.append(" AND username = ?");
            params.add(username);
        }
        if (credentialId != null) {
            where.append(" AND credential_id = ?");
            params.add(credentialId);
        }
        if (from != null) {
            where.append(" AND started_at >= ?");
            params.add(utc(from));
        }
        if (to != null) {
            where.append(" AND started_at < ?");
            params.add(utc(to));
        }
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql("SELECT " + COLUMNS + " FROM ssh_sessions" + where + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?")
                .params(params).query((rs, n) -> map(rs)).list();
    }

    private static SessionRecord map(ResultSet rs) throws SQLException {
        return new SessionRecord(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("username"), rs.getObject("credential_id", UUID.class), rs.getString("credential_name"),
                rs.getString("target_host"), rs.getInt("target_port"), rs.getString("target_username"),
                rs.getString("kind"), rs.getBoolean("pty"), rs.getString("client_ip"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getString("outcome"), rs.getString("failure"),
                (Integer) rs.getObject("exit_status", Integer.class), rs.getLong("bytes_out"), rs.getLong("bytes_in"),
                rs.getBoolean("has_recording"), rs.getBoolean("recording_truncated"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
