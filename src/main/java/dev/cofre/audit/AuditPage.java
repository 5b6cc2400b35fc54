package dev.cofre.audit;

import java.util.List;

/** One page of audit records and the total matching the filters. */
public record AuditPage(List<AuditEvent> items, int page, int size, long total) {
}
