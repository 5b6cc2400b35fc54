package dev.cofre.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MasterKeyException} anywhere in a start-up failure into a short "APPLICATION FAILED TO START"
 * report (what is wrong, what to do) instead of a bean-creation stack trace. Registered in
 * {@code META-INF/spring.factories}. The exception messages hold no key material, so neither does the report.
 */
final class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
