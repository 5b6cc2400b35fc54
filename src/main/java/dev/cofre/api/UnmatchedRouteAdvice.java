package dev.cofre.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A request no controller matched never reaches {@link ApiProblemAdvice} (which covers the API's controllers).
 * Under {@code /api/} it still gets a problem document; elsewhere the servlet error page (the web UI's 404) answers.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnmatchedRouteAdvice {

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noRoute(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (request.getRequestURI().startsWith("/api/")) {
            return ApiProblemAdvice.problem(HttpStatus.NOT_FOUND, "No such API endpoint");
        }
        response.sendError(HttpStatus.NOT_FOUND.value());
        return null;
    }
}
