package dev.cofre.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cofre.common.DatabaseUrl;
import dev.cofre.common.DurableTransactionManager;
import dev.cofre.crypto.DerivedKeys;

/**
 * Wires the audit trail. The writer gets its own small connection pool (not a bean, so Boot's main DataSource
 * stays as it is): requests that hold a pooled connection while they wait for their record can never starve it.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditChain auditChain(DerivedKeys keys) {
        byte[] key = keys.derive("audit-chain");
        try {
            return new AuditChain(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    AuditWriter auditWriter(DataSourceProperties dataSource, AuditChain chain, Clock clock, AuditProperties properties) {
        HikariDataSource pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("audit-writer");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        boolean postgres = DatabaseUrl.postgres(pool.getJdbcUrl());
        if (postgres) {
            // A batch that takes the locked path still goes as one multi-row INSERT, not one statement per record.
            pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // Embedded H2: batches are made durable by the journal, so H2's own commit need not force a chunk to disk.
        AuditJournal journal = null;
        JdbcAuditSink sink;
        try {
            journal = AuditJournal.besideH2File(pool.getJdbcUrl()).map(AuditJournal::open).orElse(null);
            TransactionTemplate tx = new TransactionTemplate(journal != null ? new JdbcTransactionManager(pool)
                    : new DurableTransactionManager(pool));
            sink = new JdbcAuditSink(JdbcClient.create(pool), new JdbcTemplate(pool), tx, chain, clock,
                    properties.writeTimeout().toMillis(), journal, properties.checkpointInterval(),
                    postgres ? new OneStatementAppend(new JdbcTemplate(pool)) : null);
        } catch (RuntimeException e) {
            pool.close();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
        return new AuditWriter(sink, pool);
    }

    @Bean
    AuditTrail auditTrail(AuditWriter writer, JdbcClient jdbc, JdbcTemplate template,
                          PlatformTransactionManager transactions, AuditChain chain, AuditProperties properties) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        List<Consumer<AuditEvent>> forwarders = new ArrayList<>();
        if (properties.syslog().enabled()) {
            forwarders.add(new SyslogForwarder(properties.syslog().host(), properties.syslog().port(),
                    properties.syslog().appName()));
        }
        String product = template.execute((ConnectionCallback<String>) con -> con.getMetaData().getDatabaseProductName());
        return new AuditTrail(writer.sink(), jdbc, template, readOnly, chain, forwarders, product);
    }

    /** The writer thread and its pool, closed together at shutdown (queue drained first). */
    record AuditWriter(JdbcAuditSink sink, DataSource pool) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            sink.close();
            if (pool instanceof HikariDataSource h) {
                h.close();
            }
        }
    }
}
