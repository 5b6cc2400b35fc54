package dev.cofre.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.Environment;

/**
 * Creates the data directory with owner-only permissions (0700) before any bean (the embedded database, the key
 * file) creates it with the process umask. Runs as a bean factory post-processor: after the environment is
 * complete, before the first bean exists. An existing directory is left as its operator set it. Not while the
 * build generates the packaged jar's bean definitions ({@code process-aot}): that is no start.
 */
final class DataDirectoryPreparer implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
            return;
        }
        Path dir = Path.of(environment.getProperty("cofre.data-dir", "./data")).toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile by another process: fine
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir
                    + " (cofre.data-dir / COFRE_DATA_DIR)", e);
        }
    }
}
