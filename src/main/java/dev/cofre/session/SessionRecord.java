package dev.cofre.session;

import java.time.Instant;
import java.util.UUID;

/** One gateway session as auditors see it: who, which credential and target, when, how it ended, its size. */
public record SessionRecord(UUID id, UUID userId, String username, UUID credentialId, String credentialName,
                            String targetHost, int targetPort, String targetUsername, String kind, boolean pty,
                            String clientIp, Instant startedAt, Instant endedAt, String outcome, String failure,
                            Integer exitStatus, long bytesOut, long bytesIn, boolean hasRecording,
                            boolean recordingTruncated) {
}
