package dev.cofre.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

import dev.cofre.audit.AuditUnavailableException;
import dev.cofre.auth.RateLimitedException;
import dev.cofre.common.ConflictException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.common.NotFoundException;
import dev.cofre.credential.ConcurrentCredentialChangeException;
import dev.cofre.credential.CredentialNotFoundException;
import dev.cofre.credential.SecretNotConfiguredException;
import dev.cofre.policy.PolicyDeniedException;
import dev.cofre.totp.InvalidTotpSecretException;

/**
 * The one table from domain exceptions to the browser: friendly error pages for page requests, a small problem
 * document for the page scripts' JSON requests. Messages are our own words; anything unexpected is a 500 with a
 * correlation id that is also in the log (never a stack trace or a library's message on the page).
 */
@ControllerAdvice(basePackages = "dev.cofre.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebAdvice {

    private static final Logger log = LoggerFactory.getLogger(WebAdvice.class);

    @ExceptionHandler({CredentialNotFoundException.class, NotFoundException.class})
    Object notFound(RuntimeException e, HttpServletRequest req) {
        return answer(req, HttpStatus.NOT_FOUND, "error/404", "We could not find that. It may have been deleted, "
                + "or you may not have access to it.");
    }

    @ExceptionHandler(SecretNotConfiguredException.class)
    Object notConfigured(SecretNotConfiguredException e, HttpServletRequest req) {
        return answer(req, HttpStatus.NOT_FOUND, "error/404", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object badPath(MethodArgumentTypeMismatchException e, HttpServletRequest req) {
        return answer(req, HttpStatus.NOT_FOUND, "error/404", "We could not find that page.");
    }

    @ExceptionHandler(PolicyDeniedException.class)
    Object denied(PolicyDeniedException e, HttpServletRequest req) {
        return answer(req, HttpStatus.FORBIDDEN, "error/403", e.getMessage());
    }

    @ExceptionHandler(AuditUnavailableException.class)
    Object auditUnavailable(AuditUnavailableException e, HttpServletRequest req) {
        return answer(req, HttpStatus.SERVICE_UNAVAILABLE, "error/503", e.getMessage());
    }

    @ExceptionHandler({InvalidInputException.class, InvalidTotpSecretException.class})
    Object invalid(RuntimeException e, HttpServletRequest req) {
        return answer(req, HttpStatus.BAD_REQUEST, "error/400", e.getMessage());
    }

    @ExceptionHandler({ConflictException.class, ConcurrentCredentialChangeException.class})
    Object conflict(RuntimeException e, HttpServletRequest req) {
        return answer(req, HttpStatus.CONFLICT, "error/400", e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    Object tooLarge(MaxUploadSizeExceededException e, HttpServletRequest req) {
        return answer(req, HttpStatus.CONTENT_TOO_LARGE, "error/400", "The uploaded file is larger than 1 MB.");
    }

    @ExceptionHandler(RateLimitedException.class)
    ModelAndView rateLimited(RateLimitedException e, HttpServletResponse res) {
        res.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        ModelAndView mv = new ModelAndView("login");
        mv.addObject("error", "Too many failed sign-in attempts. Try again in " + e.retryAfterSeconds()
                + " seconds.");
        mv.setStatus(HttpStatus.TOO_MANY_REQUESTS);
        return mv;
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest req) {
        if (e instanceof ErrorResponse er && er.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.valueOf(er.getStatusCode().value());
            return answer(req, status, status == HttpStatus.NOT_FOUND ? "error/404" : "error/4xx",
                    "The request could not be processed.");
        }
        String id = UUID.randomUUID().toString();
        // The class name only: a library's message might quote input.
        log.error("Unexpected error on a web page [correlationId={}]: {}", id, e.getClass().getName());
        return answer(req, HttpStatus.INTERNAL_SERVER_ERROR, "error/5xx",
                "Something went wrong on our side. Reference: " + id);
    }

    private static Object answer(HttpServletRequest req, HttpStatus status, String view, String message) {
        if (WebErrors.wantsJson(req)) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header("Cache-Control", "no-store").body(WebErrors.json(status.value(), message));
        }
        ModelAndView mv = new ModelAndView(view);
        mv.addObject("message", message);
        mv.addObject("status", status.value());
        mv.setStatus(status);
        return mv;
    }
}
