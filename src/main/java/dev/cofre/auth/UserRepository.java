package dev.cofre.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users table access. Package-private: everything else goes through {@link UserService}. */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StoredUser(User user, String passwordHash) {
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    Optional<StoredUser> findByUsername(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(username)
                .query((rs, n) -> new StoredUser(map(rs), rs.getString("password_hash"))).optional();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query((rs, n) -> map(rs)).optional();
    }

    void insert(User user, String passwordHash) {
        OffsetDateTime at = utc(user.createdAt());
        jdbc.sql("""
                INSERT INTO users (id, username, password_hash, admin, enabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(user.id(), user.username(), passwordHash, user.admin(), user.enabled(), at, at)
                .update();
    }

    java.util.List<User> list() {
        return jdbc.sql("SELECT * FROM users ORDER BY username").query((rs, n) -> map(rs)).list();
    }

    void update(User user, String passwordHashOrNull, Instant at) {
        if (passwordHashOrNull != null) {
            jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(passwordHashOrNull, user.id()).update();
        }
        jdbc.sql("UPDATE users SET username = ?, admin = ?, enabled = ?, updated_at = ? WHERE id = ?")
                .params(user.username(), user.admin(), user.enabled(), utc(at), user.id()).update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update() == 1;
    }

    long countEnabledAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE admin = TRUE AND enabled = TRUE").query(Long.class).single();
    }

    static User map(ResultSet rs) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getBoolean("admin"),
                rs.getBoolean("enabled"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
