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
 * own, and tells the {@link CredentialCache}. The cache serves only while this connection demonstrably hears: it
 * is switched on (empty) when the listener's first own notification comes back after the {@code LISTEN}, kept on
 * by the next ones (one a second; see {@link CredentialCache} for why an echo proves every earlier change was
 * heard), and off (emptied) as soon as the connection fails or an echo is not back within 3 s; then the
 * listener reconnects. A change committed while nobody listened is therefore never served stale: nothing cached
 * before it survives.
 */
final class CredentialChangeListener implements SmartLifecycle {

    static final String CHANNEL = "cofre_credential_changed";
    /** So that operators (and tests) can tell the listener's backend in pg_stat_activity. */
    static final String APPLICATION_NAME = "cofre-credential-listener";

    private static final Logger log = LoggerFactory.getLogger(CredentialChangeListener.class);
    private static final int WAIT_MILLIS = 1000;
    private static final long ECHO_EVERY_NANOS = 1_000_000_000L;
    private static final long ECHO_TIMEOUT_NANOS = 3_000_000_000L;
    /** The cache serves while the last echo back was sent at most this long ago: the bound on staleness. */
    static final long MAX_SILENCE_NANOS = 3_000_000_000L;
    /** Payloads of the listeners' own echoes: not credential ids, and not "forget everything" either. */
    static final String ECHO_PREFIX = "echo-";
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

    /** Hears nothing and never starts: the store has no NOTIFY, or this node keeps no cache. */
    static CredentialChangeListener off() {
        return new CredentialChangeListener(null, CredentialCache.off());
    }

    @Override
    public synchronized void start() {
        if (running || connections == null) {
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
                backoff = 250;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Credential cache off: lost the PostgreSQL connection that hears credential changes ({}); "
                            + "reconnecting", reason(e));
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

    /** Why, without the driver's message (it may quote connection settings): our own text, or class and SQLState. */
    static String reason(Exception e) {
        if (e instanceof EchoMissingException) {
            return e.getMessage();
        }
        return e instanceof SQLException sql && sql.getSQLState() != null
                ? e.getClass().getSimpleName() + ", SQLState " + sql.getSQLState() : e.getClass().getSimpleName();
    }

    /** This listener's own notification did not come back in time. */
    static final class EchoMissingException extends SQLException {
        EchoMissingException(long millis) {
            super("no echo of this listener's own notification within " + millis + " ms");
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        Echo echo = new Echo(c);
        // Served only once a notification has come back through this connection: a LISTEN that cannot hear
        // (e.g. behind a pooler that hands the server connection to someone else) must never switch it on.
        echo.send();
        boolean serving = false;
        while (running) {
            PGNotification[] heard = pg.getNotifications(WAIT_MILLIS);
            if (heard != null) {
                for (PGNotification n : heard) {
                    String payload = n.getParameter();
                    if (echo.isAnswer(payload)) {
                        if (!serving) {
                            cache.serveWhileHeard(echo.sentAt);
                            serving = true;
                        } else {
                            cache.heard(echo.sentAt);
                        }
                    } else if (payload == null || !payload.startsWith(ECHO_PREFIX)) {
                        apply(payload);
                    }
                }
            }
            if (echo.overdue()) {
                throw new EchoMissingException(ECHO_TIMEOUT_NANOS / 1_000_000);
            }
            echo.sendIfDue();
        }
    }

    /**
     * This listener's own notification, sent every second on the channel it listens to: its return proves
     * the whole path (the connection, the LISTEN, delivery) and a missing one turns the cache off.
     */
    private static final class Echo {
        private final Connection connection;
        private final String nonce = ECHO_PREFIX + UUID.randomUUID();
        private long sentAt;
        private boolean answered = true;

        Echo(Connection connection) {
            this.connection = connection;
        }

        void send() throws SQLException {
            // Read before the NOTIFY commits: what committed before this instant is delivered before the echo.
            long before = System.nanoTime();
            answered = false;
            try (Statement s = connection.createStatement()) {
                s.execute("NOTIFY " + CHANNEL + ", '" + nonce + "'");
            }
            sentAt = before;
        }

        void sendIfDue() throws SQLException {
            if (answered && System.nanoTime() - sentAt > ECHO_EVERY_NANOS) {
                send();
            }
        }

        boolean isAnswer(String payload) {
            if (nonce.equals(payload)) {
                answered = true;
                return true;
            }
            return false;
        }

        boolean overdue() {
            return !answered && System.nanoTime() - sentAt > ECHO_TIMEOUT_NANOS;
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
