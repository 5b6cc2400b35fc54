package dev.cofre.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Closeable;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.ValidateUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.apache.sshd.server.session.ServerSession;

/**
 * A "direct-tcpip" channel from the gateway's client ({@code ssh -L}), piped to a direct-tcpip channel that
 * {@link TargetForwarding} opens on the target's SSH connection. Data from the client is queued by the I/O thread
 * and written to the target by a pump thread, which returns the client's window only once the target took the
 * bytes (back-pressure without blocking I/O threads). EOF and close travel both ways.
 */
final class ForwardedChannel extends AbstractServerChannel {

    /** Replaces MINA's DirectTcpipFactory, which would connect from Cofre itself. */
    static ChannelFactory factory(SessionRunner runner) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "direct-tcpip";
            }

            @Override
            public Channel createChannel(Session session) {
                return new ForwardedChannel(runner);
            }
        };
    }

    /**
     * The server's connection service, except that a forwarded channel refused by Cofre is refused with Cofre's
     * reason (MINA itself sends "Generic error while opening channel" whatever the exception says).
     */
    static final class ConnectionServiceFactory extends ServerConnectionServiceFactory {
        @Override
        public Service create(Session session) throws IOException {
            AbstractServerSession server = ValidateUtils.checkInstanceOf(session, AbstractServerSession.class,
                    "not a server session: %s", session);
            ServerConnectionService service = new ServerConnectionService(server) {
                @Override
                protected IoWriteFuture sendChannelOpenFailure(Buffer buffer, long sender, int reasonCode,
                                                               String message, String lang) throws IOException {
                    Map<Long, String> reasons = getSession().getAttribute(OPEN_FAILURES);
                    String reason = reasons == null ? null : reasons.remove(sender);
                    return super.sendChannelOpenFailure(buffer, sender, reasonCode,
                            reason != null ? reason : message, lang);
                }
            };
            service.addPortForwardingEventListenerManager(this);
            return service;
        }
    }

    private static final AttributeKey<Map<Long, String>> OPEN_FAILURES = new AttributeKey<>();
    private static final byte[] EOF = new byte[0];

    private final SessionRunner runner;
    private final LinkedBlockingQueue<byte[]> toTarget = new LinkedBlockingQueue<>();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile TargetForwarding forwarding;
    private volatile TargetForwarding.Opened opened;

    private ForwardedChannel(SessionRunner runner) {
        super("", Collections.emptyList(), null);
        this.runner = runner;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        String host = buffer.getString();
        int port = buffer.getInt();
        String originatorHost = buffer.getString();
        int originatorPort = buffer.getInt();
        DefaultOpenFuture future = new DefaultOpenFuture(this, futureLock);
        ServerSession session = (ServerSession) getSession();
        // Policy lookups and the target login block: off the I/O thread.
        runner.threads().submit(() -> {
            try {
                TargetForwarding f = TargetForwarding.of(session, runner);
                forwarding = f;
                opened = f.open(getChannelId(), host, port, originatorHost, originatorPort);
            } catch (SshChannelOpenException e) {
                session.computeAttributeIfAbsent(OPEN_FAILURES, k -> new ConcurrentHashMap<>())
                        .put(getRecipient(), e.getMessage());
                future.setException(e);
                signalChannelOpenFailure(e);
                return;
            } catch (RuntimeException e) {
                SshChannelOpenException failed = new SshChannelOpenException(getChannelId(),
                        SshConstants.SSH_OPEN_CONNECT_FAILED, "Cofre: the forwarding failed");
                future.setException(failed);
                signalChannelOpenFailure(failed);
                return;
            }
            future.setOpened(); // sends the confirmation; only then may data flow to the client
            signalChannelOpenSuccess();
            runner.threads().submit(this::pumpToClient);
            runner.threads().submit(this::pumpToTarget);
        });
        return future;
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) {
        toTarget.add(Arrays.copyOfRange(data, off, off + (int) len));
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) {
        throw new UnsupportedOperationException("direct-tcpip channels carry no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        toTarget.add(EOF);
    }

    @Override
    protected Closeable getInnerCloseable() {
        return builder().run(toString(), this::ended).close(super.getInnerCloseable()).build();
    }

    private void pumpToTarget() {
        TargetForwarding.Opened o = opened;
        OutputStream to = o.channel().getInvertedIn();
        try {
            while (true) {
                byte[] chunk = toTarget.take();
                if (chunk == EOF) {
                    to.close(); // EOF to the target
                    return;
                }
                to.write(chunk);
                to.flush();
                bytesIn.addAndGet(chunk.length);
                getLocalWindow().release(chunk.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            close(false);
        }
    }

    private void pumpToClient() {
        TargetForwarding.Opened o = opened;
        byte[] buffer = new byte[8192];
        try (InputStream from = o.channel().getInvertedOut();
             OutputStream to = new ChannelOutputStream(this, getRemoteWindow(), log,
                     SshConstants.SSH_MSG_CHANNEL_DATA, true)) {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                if (n > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                    bytesOut.addAndGet(n);
                }
            }
        } catch (IOException e) {
            // either side closed
        }
        // The target sent EOF (sent on to the client above); close once the target closes its side too.
        o.channel().waitFor(EnumSet.of(ClientChannelEvent.CLOSED), runner.properties.connectTimeout());
        close(false);
    }

    /** Runs once when this channel closes: closes the target's channel and audits the counts. */
    private void ended() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        toTarget.add(EOF);
        TargetForwarding.Opened o = opened;
        if (o != null) {
            o.channel().close(false);
            forwarding.closed(o, bytesOut.get(), bytesIn.get());
        }
    }
}
