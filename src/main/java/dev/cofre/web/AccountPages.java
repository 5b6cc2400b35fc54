package dev.cofre.web;

import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.cofre.audit.Actor;
import dev.cofre.auth.MfaEnrolment;
import dev.cofre.auth.UserService;
import dev.cofre.common.ConflictException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.session.SshGateway;
import dev.cofre.session.SshProperties;
import dev.cofre.session.SshUserKeys;

/**
 * My account: the signed-in user's own MFA and SSH keys. Enrolment shows the new key once, as a QR code rendered on
 * the server (a data: URL, never a URL with the key in it), then asks for a code to confirm it. SSH public keys are
 * pasted as one OpenSSH line and go through {@link SshUserKeys}, which parses, audits and stores them.
 */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final UserService users;
    private final SshUserKeys sshKeys;
    private final SshProperties ssh;
    private final ObjectProvider<SshGateway> gateway;

    AccountPages(UserService users, SshUserKeys sshKeys, SshProperties ssh, ObjectProvider<SshGateway> gateway) {
        this.users = users;
        this.sshKeys = sshKeys;
        this.ssh = ssh;
        this.gateway = gateway;
    }

    /** A registered key as the table shows it. */
    record KeyRow(SshUserKeys.SshKey key) {
        public String added() {
            return Formats.instant(key.createdAt());
        }

        public String lastUsed() {
            return key.lastUsedAt() == null ? "never" : Formats.instant(key.lastUsedAt());
        }
    }

    @GetMapping
    String account(@AuthenticationPrincipal Actor actor, Model model, HttpServletRequest request) {
        model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
        fillSsh(actor, model, request);
        model.addAttribute("section", "account");
        return "account";
    }

    @PostMapping("/ssh-keys")
    String addKey(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String publicKey, Model model, RedirectAttributes redirect,
                  HttpServletRequest request, HttpServletResponse response) {
        try {
            SshUserKeys.SshKey key = sshKeys.add(actor, name, publicKey);
            redirect.addFlashAttribute("flash", "SSH key added (" + key.fingerprint() + ").");
            return "redirect:/account#ssh-keys";
        } catch (InvalidInputException | ConflictException e) {
            String field = e instanceof InvalidInputException i ? i.field() : ((ConflictException) e).field();
            String message = capitalized(e.getMessage());
            model.addAttribute("name".equals(field) ? "keyNameError" : "publicKeyError", message);
            model.addAttribute("draftKeyName", name);
            // A rejected line is shown again only when it is plausibly a public key, never a private one.
            model.addAttribute("draftPublicKey", publicKey.contains("PRIVATE KEY") ? "" : publicKey);
            model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
            fillSsh(actor, model, request);
            model.addAttribute("section", "account");
            response.setStatus(400);
            return "account";
        }
    }

    @PostMapping("/ssh-keys/{id}/delete")
    String deleteKey(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, RedirectAttributes redirect) {
        sshKeys.delete(actor, id);
        redirect.addFlashAttribute("flash", "SSH key removed.");
        return "redirect:/account#ssh-keys";
    }

    private void fillSsh(Actor actor, Model model, HttpServletRequest request) {
        List<KeyRow> keys = sshKeys.list(actor).stream().map(KeyRow::new).toList();
        model.addAttribute("sshKeys", keys);
        model.addAttribute("sshEnabled", ssh.enabled());
        SshGateway running = gateway.getIfAvailable();
        int port = ssh.port();
        if (running != null) {
            try {
                port = running.port();
            } catch (IllegalStateException notRunning) {
                // Not started (yet): show the configured port.
            }
        }
        String host = request.getServerName();
        // Quoting keeps the '@' between user and credential away from the shell and from ssh's own '@'.
        model.addAttribute("sshCommand", "ssh" + (port == 22 ? "" : " -p " + port) + " '" + actor.username()
                + "@<credential name>'@" + (host.contains(":") ? "[" + host + "]" : host));
    }

    private static String capitalized(String m) {
        if (m == null || m.isEmpty()) {
            return "Invalid value";
        }
        return Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }

    @PostMapping("/mfa/start")
    String start(@AuthenticationPrincipal Actor actor, Model model, HttpServletRequest request,
                 HttpServletResponse response) {
        MfaEnrolment enrolment = users.startMfaEnrolment(actor);
        model.addAttribute("qr", QrCodes.pngDataUrl(enrolment.otpauthUri(), 240));
        model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
        model.addAttribute("enrolling", true);
        fillSsh(actor, model, request);
        model.addAttribute("section", "account");
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        return "account";
    }

    @PostMapping("/mfa/confirm")
    String confirm(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String code, Model model,
                   RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
        try {
            users.confirmMfaEnrolment(actor, code);
            redirect.addFlashAttribute("flash", "Two-factor sign-in is on. You will be asked for a code at sign-in.");
            return "redirect:/account";
        } catch (InvalidInputException e) {
            model.addAttribute("mfa", users.mfaEnabled(actor.userId()));
            model.addAttribute("enrolling", true);
            model.addAttribute("codeError", e.getMessage());
            fillSsh(actor, model, request);
            model.addAttribute("section", "account");
            response.setStatus(400);
            return "account";
        }
    }
}
