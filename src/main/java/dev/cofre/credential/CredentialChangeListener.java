package dev.cofre.credential;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * PostgreSQL: hears every node's credential changes ({@code NOTIFY cofre_credential_changed, '<id>'}, sent by
 * {@link CredentialRepository} in the changing transaction, so delivered at its commit) on one connection of its
 * own, and tells the {@link CredentialCache}. The cache serves only while this connection listens: it is switched
 * on (empty) after each {@code LISTEN}, and off (emptied) as soon as the connection fails or stops answering
 * its ping, then the listener reconnects. A change committed while nobody listened is therefore never served
 * stale: nothing cached before it survives.
 */
final class CredentialChangeListener implements SmartLifecycle {

    static final String CHANNEL = "cofre_credential_changed";
    /** So that operators (and tests) can tell the listener's backend in pg_stat_activity. */
    static final String APPLICATION_NAME = "cofre-credential-listener";

    private static final Logger log = LoggerFactory.getLogger(CredentialChangeListener.class);
    private static final int WAIT_MILLIS = 1000;
    private static final long PING_NANOS = 5_000_000_000L;
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final DataSource connections;
    private final CredentialCache cache;
    private volatile boolean running;
    private volatile Connection current;
    private Thread thread;

    /** {@code connections}: unpooled, one connection per call (this listener keeps one for as long as it works). */
    CredentialChangeListener(DataSource connections, CredentialCache cache) {
        this.connections = connections;
        this.cache = cache;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "credential-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        cache.stop();
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing only to wake the thread up
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        long backoff = 250;
        while (running) {
            try (Connection c = connections.getConnection()) {
                current = c;
                c.setNetworkTimeout(DIRECT, NETWORK_TIMEOUT_MILLIS);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                cache.serve();
                backoff = 250;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Credential cache off: lost the PostgreSQL connection that hears credential changes ({}); "
                            + "reconnecting", e.getClass().getSimpleName());
                }
            } finally {
                current = null;
                cache.stop();
            }
            if (running) {
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running) {
            PGNotification[] heard = pg.getNotifications(WAIT_MILLIS);
            if (heard != null && heard.length > 0) {
                for (PGNotification n : heard) {
                    apply(n.getParameter());
                }
                lastHeard = System.nanoTime();
            } else if (System.nanoTime() - lastHeard > PING_NANOS) {
                // A half-open connection reports nothing; a round trip within the network timeout proves it.
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    void apply(String payload) {
        UUID id = parse(payload);
        if (id == null) {
            cache.changedAll();
        } else {
            cache.changed(id);
        }
    }

    private static UUID parse(String payload) {
        if (payload == null || payload.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static final Executor DIRECT = Runnable::run;
}
