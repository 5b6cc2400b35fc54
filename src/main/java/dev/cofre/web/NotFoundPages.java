package dev.cofre.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Unknown paths have no controller, so {@link WebAdvice} (scoped to this package) never sees them. A browser asking
 * for a page gets the friendly 404 page; machine paths and JSON requests get the same problem document as before.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class NotFoundPages {

    @ExceptionHandler(NoResourceFoundException.class)
    Object notFound(NoResourceFoundException e, HttpServletRequest req) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        boolean machine = path.startsWith("/api/") || path.startsWith("/v3/") || path.startsWith("/actuator");
        if (machine || WebErrors.wantsJson(req)) {
            return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody());
        }
        ModelAndView mv = new ModelAndView("error/404");
        mv.addObject("status", 404);
        mv.setStatus(HttpStatus.NOT_FOUND);
        return mv;
    }
}
