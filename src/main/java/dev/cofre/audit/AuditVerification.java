package dev.cofre.audit;

/**
 * Result of walking the whole chain: {@code brokenAt} is the sequence number of the first record that is missing,
 * altered, reordered or inserted (null when the chain is intact).
 */
public record AuditVerification(boolean valid, long events, Long brokenAt) {
}
