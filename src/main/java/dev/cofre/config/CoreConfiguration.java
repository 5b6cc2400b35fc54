package dev.cofre.config;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import dev.cofre.common.DurableTransactionManager;

/**
 * The server clock (the only time source for tokens, expiries and audit records), the data directory, and
 * transactions that are on disk when their commit returns.
 */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    // static: a post-processor must exist before this configuration's own instance.
    @Bean
    static DataDirectoryPreparer dataDirectoryPreparer() {
        return new DataDirectoryPreparer();
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DurableTransactionManager(dataSource);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
