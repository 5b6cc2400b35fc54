package dev.cofre.session;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.SshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Loads the SSH gateway's security set-up on a background thread while Spring builds the context (as Boot's own
 * background pre-initializer does for validation and Jackson): MINA's security providers (it registers Bouncy
 * Castle, ~0.45 s on a cold JVM) and its algorithm factories. The gateway starts last, on the main thread, and
 * then finds them ready. Registered in {@code META-INF/spring.factories}; nothing happens when the gateway is off.
 */
public final class SshPreinitializer implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(SshPreinitializer.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        // As SshGateway's @ConditionalOnProperty reads it: on when unset or "true"; any other value is off, not an error.
        if (!"true".equalsIgnoreCase(event.getEnvironment().getProperty("cofre.ssh.enabled", "true"))) {
            return;
        }
        Thread preinit = new Thread(SshPreinitializer::load, "ssh-preinit");
        preinit.setDaemon(true);
        preinit.start();
    }

    private static void load() {
        try {
            Class.forName(KeyUtils.class.getName(), true, SshPreinitializer.class.getClassLoader());
            SshServer.setUpDefaultServer();
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            // Only a head start: the gateway's own start does the same work again and reports what fails.
            log.debug("SSH pre-initialisation failed ({})", e.getClass().getName());
        }
    }
}
