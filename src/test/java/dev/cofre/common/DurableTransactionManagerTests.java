package dev.cofre.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class DurableTransactionManagerTests {

    @Test
    void anH2UserThatMayNotForceCommitsToDiskIsRefusedAtStartUpNamingTheSetting() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcDataSource admin = dataSource(url, "sa");
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER app PASSWORD 'app-password'");
            s.execute("CREATE TABLE t (id INT)");
            s.execute("GRANT SELECT, INSERT ON t TO app");
        }
        JdbcDataSource app = dataSource(url, "app");
        app.setPassword("app-password");

        assertThatThrownBy(() -> new DurableTransactionManager(app).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("spring.datasource.username")
                .hasMessageContaining("CHECKPOINT SYNC");
        assertThatCode(() -> new DurableTransactionManager(admin).afterPropertiesSet()).doesNotThrowAnyException();
    }

    private static JdbcDataSource dataSource(String url, String user) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser(user);
        return ds;
    }
}
