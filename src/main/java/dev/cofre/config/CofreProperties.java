package dev.cofre.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by every feature. {@code cofre.data-dir} (env {@code COFRE_DATA_DIR}) holds the embedded
 * database, the master key file, the initial admin password and the SSH host key.
 */
@ConfigurationProperties("cofre")
public record CofreProperties(Path dataDir) {

    public CofreProperties {
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
    }
}
