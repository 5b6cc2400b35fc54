package dev.cofre.audit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each committed audit record to a syslog collector as an RFC 5424 message over UDP: facility
 * security/authorization (10), severity notice (5) or warning (4) for denials and failures, the record as JSON
 * in the MSG part. Best effort: the database record is the one that counts; a lost datagram never blocks an act.
 */
final class SyslogForwarder implements Consumer<AuditEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyslogForwarder.class);
    private static final int FACILITY = 10;

    private final DatagramSocket socket;
    private final InetAddress address;
    private final int port;
    private final String appName;
    private final String hostname;

    SyslogForwarder(String host, int port, String appName) {
        try {
            this.address = InetAddress.getByName(host);
            this.socket = new DatagramSocket();
        } catch (IOException e) {
            throw new IllegalStateException("cofre.audit.syslog.host cannot be used: " + e.getClass().getSimpleName());
        }
        this.port = port;
        this.appName = appName;
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = "-";
        }
        this.hostname = name;
    }

    @Override
    public void accept(AuditEvent e) {
        byte[] message = format(e).getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(message, message.length, address, port));
        } catch (IOException ex) {
            log.warn("Could not forward audit record {} to syslog: {}", e.seq(), ex.getClass().getSimpleName());
        }
    }

    String format(AuditEvent e) {
        int severity = e.outcome() == AuditOutcome.SUCCESS ? 5 : 4;
        return "<" + (FACILITY * 8 + severity) + ">1 " + e.at() + " " + hostname + " " + appName + " - "
                + e.action().name() + " [cofre@32473 seq=\"" + e.seq() + "\" outcome=\"" + e.outcome().name()
                + "\"] " + AuditJson.line(e);
    }

    @Override
    public void close() throws SocketException {
        socket.close();
    }
}
