package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SyslogForwarderTests {

    @Test
    void recordIsSentAsRfc5424MessageOverUdp() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(5_000);
            SyslogForwarder forwarder = new SyslogForwarder("127.0.0.1", collector.getLocalPort(), "cofre");
            UUID credential = UUID.randomUUID();
            AuditEvent event = AuditEvent.of("alice", UUID.randomUUID(), "token:x", "127.0.0.1", "curl", AuditAction.TOKEN_VIEW,
                    credential, "prod-db", AuditOutcome.DENIED, "needs VIEW_PASSWORD").placed(42, Instant.parse("2026-01-02T03:04:05.123456Z"));
            forwarder.accept(event);
            forwarder.close();

            DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
            collector.receive(packet);
            String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);

            // PRI = facility 10 (security/authorization) * 8 + severity 4 (warning, for a denial)
            assertThat(message).startsWith("<84>1 2026-01-02T03:04:05.123456Z ");
            assertThat(message).contains(" cofre - TOKEN_VIEW [cofre@32473 seq=\"42\" outcome=\"DENIED\"] {");
            assertThat(message).contains("\"credentialId\":\"" + credential + "\"").contains("\"actor\":\"alice\"");
        }
    }
}
