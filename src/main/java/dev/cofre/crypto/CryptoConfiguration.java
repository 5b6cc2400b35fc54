package dev.cofre.crypto;

import java.util.Arrays;

import dev.cofre.config.CofreProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the encryption boundary: master key source (COFRE_MASTER_KEY wins; otherwise {@code <data dir>/master.key}),
 * the {@link KeyRing}, the start-up {@link MasterKeyCheck} and the one {@link Barrier} bean.
 *
 * <p>Invariant: the {@code barrier} bean exists only after the key check passed, and the check runs after the
 * Flyway migrations and before the web server accepts requests; a bad or wrong key fails the start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CryptoProperties.class, CofreProperties.class})
class CryptoConfiguration {

    @Bean
    MasterKeySource masterKeySource(CryptoProperties crypto, CofreProperties cofre) {
        if (crypto.hasMasterKey()) {
            return new EnvironmentMasterKeySource(crypto.masterKey());
        }
        return new FileMasterKeySource(cofre.dataDir());
    }

    @Bean
    KeyRing keyRing(MasterKeySource source) {
        byte[] key = source.load();
        try {
            return KeyRing.single(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    // Not lazy even under spring.main.lazy-initialization: a wrong key must stop the start, not the first request.
    @Bean
    @Lazy(false)
    @DependsOnDatabaseInitialization
    MasterKeyCheck masterKeyCheck(JdbcClient jdbc, KeyRing keyRing, MasterKeySource source, CofreProperties cofre) {
        String keyFile = cofre.dataDir().resolve(FileMasterKeySource.FILE_NAME).toAbsolutePath().normalize().toString();
        MasterKeyCheck check = new MasterKeyCheck(jdbc, keyRing, source.describe(), keyFile);
        check.verify();
        return check;
    }

    @Bean
    @DependsOn("masterKeyCheck")
    DerivedKeys derivedKeys(KeyRing keyRing) {
        return new DerivedKeys(keyRing);
    }

    @Bean
    @DependsOn("masterKeyCheck")
    Barrier barrier(KeyRing keyRing) {
        return new AesGcmBarrier(keyRing);
    }
}
