package dev.cofre.web;


import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.auth.AuthenticationFailedException;
import dev.cofre.auth.MfaRequiredException;
import dev.cofre.auth.RateLimitedException;
import dev.cofre.auth.TotpCodeReusedException;
import dev.cofre.auth.User;
import dev.cofre.auth.UserService;

/**
 * Sign-in and sign-out of the browser pages. The password (and one-time code) go to
 * {@link UserService#authenticate}, which throttles and audits failures; the successful login is audited here with
 * the new session. A new session id is issued at login (session fixation), and the old session is discarded.
 */
@Controller
class LoginController {

    private final UserService users;
    private final AuditTrail audit;

    LoginController(UserService users, AuditTrail audit) {
        this.users = users;
        this.audit = audit;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/pam/credentials";
    }

    @GetMapping("/pam")
    String pam() {
        return "redirect:/pam/credentials";
    }

    @GetMapping("/login")
    String loginPage(@AuthenticationPrincipal Actor actor, Model model,
                     @RequestParam(required = false) String logout,
                     @RequestParam(required = false) String expired) {
        if (actor != null) {
            return "redirect:/pam/credentials";
        }
        if (logout != null) {
            model.addAttribute("info", "You have signed out.");
        } else if (expired != null) {
            model.addAttribute("error", "The sign-in page had expired. Please try again.");
        }
        return "login";
    }

    @PostMapping("/login")
    String login(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                 @RequestParam(required = false) String otp, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        Actor client = new Actor(null, null, false, "web-login", request.getRemoteAddr(),
                WebSessionFilter.userAgent(request));
        model.addAttribute("username", username);
        User user;
        try {
            user = users.authenticate(username, password, otp == null || otp.isBlank() ? null : otp, client);
        } catch (MfaRequiredException e) {
            model.addAttribute("mfa", true);
            model.addAttribute("error", "Enter the one-time code from your authenticator app.");
            model.addAttribute("errorField", "otp");
            response.setStatus(401);
            return "login";
        } catch (TotpCodeReusedException e) {
            model.addAttribute("mfa", true);
            model.addAttribute("error", "This one-time code was already used. Wait for the next one.");
            model.addAttribute("errorField", "otp");
            response.setStatus(401);
            return "login";
        } catch (AuthenticationFailedException e) {
            model.addAttribute("mfa", otp != null && !otp.isBlank());
            model.addAttribute("error", "Invalid username, password or one-time code.");
            response.setStatus(401);
            return "login";
        } catch (RateLimitedException e) {
            model.addAttribute("error", "Too many failed sign-in attempts. Try again in "
                    + e.retryAfterSeconds() + " seconds.");
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            return "login";
        }
        String target = WebSecurityConfiguration.savedPath(request, response);
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(WebSessionFilter.USER_ID, user.id());
        Actor actor = WebSessionFilter.actor(user, session, request);
        try {
            audit.record(actor.event(AuditAction.LOGIN, null, null, AuditOutcome.SUCCESS, "web session started"));
        } catch (RuntimeException e) {
            // Fail closed: a login that cannot be audited does not happen.
            session.invalidate();
            throw e;
        }
        return "redirect:" + (target == null ? "/pam/credentials" : target);
    }

    @PostMapping("/logout")
    String logout(@AuthenticationPrincipal Actor actor, HttpServletRequest request) {
        if (actor != null) {
            users.logout(actor, null);
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/login?logout";
    }

}
