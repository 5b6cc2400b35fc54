package dev.cofre.credential;

import java.util.Properties;
import java.util.UUID;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import dev.cofre.common.DatabaseUrl;

/**
 * The credential repository, its cache and its search index, by storage: embedded H2 has one process writing
 * it, so the cache serves from the start and searches are narrowed by the in-memory {@link CredentialSearchIndex};
 * PostgreSQL may be shared by several nodes, so every change is announced with NOTIFY and
 * the cache serves while the {@link CredentialChangeListener} hears them; any other URL gets no cache.
 */
@Configuration(proxyBeanMethods = false)
class CredentialStorageConfiguration {

    @Bean
    CredentialCache credentialCache(DataSourceProperties dataSource, CredentialCacheProperties properties) {
        String url = dataSource.determineUrl();
        if (properties.maxEntries() == 0 || !(DatabaseUrl.embeddedH2(url) || DatabaseUrl.postgres(url))) {
            return CredentialCache.off();
        }
        CredentialCache cache = new CredentialCache(properties.maxEntries(), properties.ttl().toNanos(),
                CredentialChangeListener.MAX_SILENCE_NANOS, System::nanoTime);
        if (DatabaseUrl.embeddedH2(url)) {
            cache.serve();
        }
        return cache;
    }

    @Bean
    CredentialSearchIndex credentialSearchIndex(DataSourceProperties dataSource, JdbcClient jdbc) {
        if (!DatabaseUrl.embeddedH2(dataSource.determineUrl())) {
            return CredentialSearchIndex.off();
        }
        return new CredentialSearchIndex(searchTexts(jdbc), System::nanoTime);
    }

    /** Every credential's id and search text, in one statement. */
    static CredentialSearchIndex.Source searchTexts(JdbcClient jdbc) {
        return each -> jdbc.sql("SELECT id, search_text FROM credentials")
                .query(rs -> {
                    each.accept(rs.getObject(1, UUID.class), rs.getString(2));
                });
    }

    @Bean
    CredentialRepository credentialRepository(JdbcClient jdbc, CredentialCache cache, CredentialSearchIndex search,
            DataSourceProperties dataSource, PlatformTransactionManager transactions) {
        boolean postgres = DatabaseUrl.postgres(dataSource.determineUrl());
        // Announced even when this node keeps no cache: the other nodes may.
        return new CredentialRepository(jdbc, cache, search,
                postgres ? new PostgresSearchPlanner(jdbc, transactions) : SearchPlanner.none(), postgres);
    }

    /** Listens only on PostgreSQL with a cache to serve. Decided here, not by a bean condition: the packaged jar's
     *  beans are fixed when it is built (ahead-of-time processing), the datasource URL is not. */
    @Bean
    CredentialChangeListener credentialChangeListener(DataSourceProperties dataSource, CredentialCache cache,
            CredentialCacheProperties properties) {
        if (!DatabaseUrl.postgres(dataSource.determineUrl()) || properties.maxEntries() == 0) {
            return CredentialChangeListener.off();
        }
        return new CredentialChangeListener(listenerConnections(dataSource.determineUrl(),
                dataSource.determineUsername(), dataSource.determinePassword()), cache);
    }

    /** Unpooled connections named for pg_stat_activity: the listener keeps one for as long as it works. */
    static DriverManagerDataSource listenerConnections(String url, String username, String password) {
        DriverManagerDataSource connections = new DriverManagerDataSource(url);
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", CredentialChangeListener.APPLICATION_NAME);
        connections.setConnectionProperties(p);
        return connections;
    }
}
