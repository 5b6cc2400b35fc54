package dev.cofre.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A JDBC transaction manager whose commit is on disk when it returns, on every database Cofre runs on.
 *
 * <p>PostgreSQL does that by itself ({@code synchronous_commit}). Embedded H2 does not: a committed transaction
 * stays in memory until H2's writer stores it (within {@code WRITE_DELAY}, 500 ms) and the file is never
 * fsynced, so a killed or crashed server loses writes it has already answered (shown by
 * {@code KilledServerDurabilityIntegrationTests}). On H2, each commit is therefore followed by
 * {@code CHECKPOINT SYNC}: H2 stores every change committed so far and fsyncs the file. That also covers writes
 * made outside a transaction before it. The audit writer, which commits far more often, makes its batches durable
 * with its own journal on an H2 file instead ({@code dev.cofre.audit.AuditJournal}), and through this class on
 * any other H2 database.
 */
public final class DurableTransactionManager extends JdbcTransactionManager {

    private volatile Boolean h2;

    public DurableTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    /** Fails at start-up, not at the first write, when H2 will not let this user force commits to disk. */
    @Override
    public void afterPropertiesSet() {
        super.afterPropertiesSet();
        try (Connection connection = obtainDataSource().getConnection()) {
            if (isH2(connection)) {
                try (Statement sync = connection.createStatement()) {
                    sync.execute("CHECKPOINT SYNC");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cofre forces each commit to disk with CHECKPOINT SYNC, which H2 allows "
                    + "only to an admin user: connect as the database's admin (spring.datasource.username)", e);
        }
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        if (status.isReadOnly()) {
            return;
        }
        ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(obtainDataSource());
        if (holder == null) {
            return;
        }
        Connection connection = holder.getConnection();
        try {
            if (isH2(connection)) {
                try (Statement sync = connection.createStatement()) {
                    sync.execute("CHECKPOINT SYNC");
                }
            }
        } catch (SQLException e) {
            // The commit itself succeeded; failing here tells the caller its write may not survive a crash.
            throw new TransactionSystemException("committed, but could not force the commit to disk", e);
        }
    }

    private boolean isH2(Connection connection) throws SQLException {
        Boolean known = h2;
        if (known == null) {
            known = "H2".equals(connection.getMetaData().getDatabaseProductName());
            h2 = known;
        }
        return known;
    }
}
