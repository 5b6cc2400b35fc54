package dev.cofre.audit;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link AuditJournalInUseException} anywhere in a start-up failure into a short "APPLICATION FAILED TO
 * START" report instead of a bean-creation stack trace. Registered in {@code META-INF/spring.factories}.
 */
final class AuditJournalFailureAnalyzer extends AbstractFailureAnalyzer<AuditJournalInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AuditJournalInUseException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
