package dev.cofre.web;

import org.springframework.http.CacheControl;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

import dev.cofre.audit.Actor;
import dev.cofre.auth.MfaEnrolment;
import dev.cofre.auth.UserService;
import dev.cofre.common.InvalidInputException;

/**
 * My account: the signed-in user's own MFA. Enrolment shows the new key once, as a QR code rendered on the server
 * (a data: URL, never a URL with the key in it), then asks for a code to confirm it.
 */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final UserService users;

    AccountPages(UserService users) {
        this.users = users;
    }

    @GetMapping
    String account(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
        model.addAttribute("section", "account");
        return "account";
    }

    @PostMapping("/mfa/start")
    String start(@AuthenticationPrincipal Actor actor, Model model, HttpServletResponse response) {
        MfaEnrolment enrolment = users.startMfaEnrolment(actor);
        model.addAttribute("qr", QrCodes.pngDataUrl(enrolment.otpauthUri(), 240));
        model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
        model.addAttribute("enrolling", true);
        model.addAttribute("section", "account");
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        return "account";
    }

    @PostMapping("/mfa/confirm")
    String confirm(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String code, Model model,
                   RedirectAttributes redirect, HttpServletResponse response) {
        try {
            users.confirmMfaEnrolment(actor, code);
            redirect.addFlashAttribute("flash", "Two-factor sign-in is on. You will be asked for a code at sign-in.");
            return "redirect:/account";
        } catch (InvalidInputException e) {
            model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
            model.addAttribute("enrolling", true);
            model.addAttribute("codeError", e.getMessage());
            model.addAttribute("section", "account");
            response.setStatus(400);
            return "account";
        }
    }
}
