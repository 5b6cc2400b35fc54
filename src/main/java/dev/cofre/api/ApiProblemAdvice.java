package dev.cofre.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import dev.cofre.audit.AuditUnavailableException;
import dev.cofre.auth.AuthenticationFailedException;
import dev.cofre.auth.MfaRequiredException;
import dev.cofre.auth.RateLimitedException;
import dev.cofre.auth.TotpCodeReusedException;
import dev.cofre.common.ConflictException;
import dev.cofre.common.NotFoundException;
import dev.cofre.policy.PolicyDeniedException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.credential.ConcurrentCredentialChangeException;
import dev.cofre.credential.CredentialNameTakenException;
import dev.cofre.credential.CredentialNotFoundException;
import dev.cofre.credential.SecretNotConfiguredException;
import dev.cofre.crypto.CiphertextTamperedException;
import dev.cofre.totp.InvalidTotpSecretException;

/**
 * The one table from domain exceptions to RFC 9457 problem details for the REST API. {@code detail} carries our
 * own words only: never a secret, a ciphertext or a library's message. Anything unexpected is a 500 with a
 * correlation id that is also in the log.
 */
@RestControllerAdvice(basePackages = {"dev.cofre.api", "dev.cofre.session"})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        return invalidField(e.field(), e.getMessage());
    }

    @ExceptionHandler(InvalidTotpSecretException.class)
    ResponseEntity<ProblemDetail> invalidTotp(InvalidTotpSecretException e) {
        return invalidField(e.field(), e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFoundGeneric(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.CONFLICT, e.getMessage());
        r.getBody().setProperty("field", e.field());
        return r;
    }

    @ExceptionHandler(PolicyDeniedException.class)
    ResponseEntity<ProblemDetail> denied(PolicyDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(MfaRequiredException.class)
    ResponseEntity<ProblemDetail> mfaRequired(MfaRequiredException e) {
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.UNAUTHORIZED, e.getMessage());
        r.getBody().setProperty("field", "otp");
        return r;
    }

    @ExceptionHandler(TotpCodeReusedException.class)
    ResponseEntity<ProblemDetail> codeReused(TotpCodeReusedException e) {
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.CONFLICT, e.getMessage());
        r.getBody().setProperty("field", "otp");
        return r;
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        body.setType(URI.create("about:blank"));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", Long.toString(e.retryAfterSeconds())).body(body);
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> auditUnavailable(AuditUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(AuthenticationFailedException.class)
    ResponseEntity<ProblemDetail> loginFailed(AuthenticationFailedException e) {
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(CredentialNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(CredentialNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(SecretNotConfiguredException.class)
    ResponseEntity<ProblemDetail> notConfigured(SecretNotConfiguredException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(CredentialNameTakenException.class)
    ResponseEntity<ProblemDetail> nameTaken(CredentialNameTakenException e) {
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.CONFLICT, e.getMessage());
        r.getBody().setProperty("field", "name");
        return r;
    }

    @ExceptionHandler(ConcurrentCredentialChangeException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrentCredentialChangeException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.cofre.config.BodyTooLargeException tooLarge) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            }
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String type = m.getTargetType() == null ? "another type" : describe(m.getTargetType());
            return invalidField(path(m), "wrong type: expected " + type);
        }
        if (cause instanceof StreamReadException) {
            return problem(HttpStatus.BAD_REQUEST, "The request body is not valid JSON");
        }
        if (cause instanceof JacksonException j && !j.getPath().isEmpty()) {
            return invalidField(path(j), "invalid value");
        }
        return problem(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON");
    }

    /**
     * Names an unknown field only when it is a near miss of a known one (a typo such as {@code pasword}): a client
     * that mangled its JSON may have put a secret where a field name goes, and that must not be echoed.
     */
    private static ResponseEntity<ProblemDetail> unknownField(UnrecognizedPropertyException u) {
        String name = u.getPropertyName() == null ? "" : u.getPropertyName();
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (Object known : u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds()) {
            int d = distance(name, known.toString());
            if (d < best) {
                best = d;
                closest = known.toString();
            }
        }
        if (closest != null && best <= 2 && name.length() <= 40) {
            String parent = path(u);
            String field = parent.contains(".") ? parent : name;
            return invalidField(field, "unknown field; did you mean '" + closest + "'?");
        }
        return problem(HttpStatus.BAD_REQUEST, "The request body has a field this endpoint does not know; "
                + "see the API documentation at /v3/api-docs");
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "another type" : describe(e.getRequiredType());
        return invalidField(e.getName(), "wrong type: expected " + type);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return invalidField(e.getParameterName(), e.getParameterName() + " is required");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "This endpoint answers with application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "No such API endpoint");
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> storageUnavailable(RuntimeException e) {
        String id = UUID.randomUUID().toString();
        log.error("Storage unavailable [correlationId={}]: {}", id, e.getClass().getName());
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.SERVICE_UNAVAILABLE,
                "Storage is unavailable; try again later (correlation id " + id + ")");
        r.getBody().setProperty("correlationId", id);
        return r;
    }

    @ExceptionHandler(CiphertextTamperedException.class)
    ResponseEntity<ProblemDetail> tampered(CiphertextTamperedException e) {
        return internal("A stored secret failed its integrity check", e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        return internal("Unexpected error", e);
    }

    private ResponseEntity<ProblemDetail> internal(String what, Exception e) {
        String id = UUID.randomUUID().toString();
        // The type and stack go to the log; the message may quote input, so it is left out.
        log.error("{} [correlationId={}]: {} at {}", what, id, e.getClass().getName(),
                e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.INTERNAL_SERVER_ERROR,
                what + " (correlation id " + id + ")");
        r.getBody().setProperty("correlationId", id);
        return r;
    }

    static ResponseEntity<ProblemDetail> invalidField(String field, String message) {
        ResponseEntity<ProblemDetail> r = problem(HttpStatus.BAD_REQUEST, field + ": " + message);
        r.getBody().setTitle("Invalid request");
        r.getBody().setProperty("field", field);
        r.getBody().setProperty("errors", List.of(new FieldError(field, message)));
        return r;
    }

    record FieldError(String field, String message) {
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String path(JacksonException e) {
        String p = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return p.isEmpty() ? "body" : p;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        return "an object";
    }
}
