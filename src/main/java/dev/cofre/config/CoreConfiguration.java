package dev.cofre.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The server clock (the only time source for tokens, expiries and audit records) and the data directory. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    // static: a post-processor must exist before this configuration's own instance.
    @Bean
    static DataDirectoryPreparer dataDirectoryPreparer() {
        return new DataDirectoryPreparer();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
