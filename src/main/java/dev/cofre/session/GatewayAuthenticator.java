package dev.cofre.session;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.auth.keyboard.KeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditUnavailableException;
import dev.cofre.auth.AuthenticationFailedException;
import dev.cofre.auth.MfaRequiredException;
import dev.cofre.auth.RateLimitedException;
import dev.cofre.auth.TotpCodeReusedException;
import dev.cofre.auth.User;
import dev.cofre.auth.UserService;

/**
 * How users log into the gateway: as Cofre users, by password (keyboard-interactive asks for their own one-time
 * code too when they enrolled MFA; the plain password method is refused to them) or by an SSH public key they
 * registered. Throttling and the audit of failures are {@link UserService}'s; the successful login is audited by
 * the gateway before the client is told it succeeded ({@link AuditedUserAuth}).
 */
@Component
class GatewayAuthenticator implements PasswordAuthenticator, KeyboardInteractiveAuthenticator, PublickeyAuthenticator {

    static final String VIA = "ssh-gateway";
    private static final Logger log = LoggerFactory.getLogger(GatewayAuthenticator.class);

    private final UserService users;
    private final SshUserKeys keys;

    GatewayAuthenticator(UserService users, SshUserKeys keys) {
        this.users = users;
        this.keys = keys;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        GatewayLogin.LoginName name = parse(username);
        Optional<User> user = users.findByUsername(name.user());
        if (user.isPresent() && users.mfaEnabled(user.get().id())) {
            return false; // needs keyboard-interactive, which also asks for the code
        }
        return login(session, name, password, null, "password");
    }

    @Override
    public InteractiveChallenge generateChallenge(ServerSession session, String username, String lang,
                                                  String subMethods) {
        GatewayLogin.LoginName name = parse(username);
        InteractiveChallenge challenge = new InteractiveChallenge();
        challenge.setInteractionName("Cofre");
        challenge.setInteractionInstruction("");
        challenge.setLanguageTag("");
        challenge.addPrompt("Password: ", false);
        Optional<User> user = users.findByUsername(name.user());
        if (user.isPresent() && users.mfaEnabled(user.get().id())) {
            challenge.addPrompt("Verification code: ", false);
        }
        return challenge;
    }

    @Override
    public boolean authenticate(ServerSession session, String username, List<String> responses) {
        if (responses == null || responses.isEmpty()) {
            return false;
        }
        String otp = responses.size() > 1 ? responses.get(1) : null;
        return login(session, parse(username), responses.get(0), otp, "keyboard-interactive");
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        GatewayLogin.LoginName name = parse(username);
        Optional<User> user = users.findByUsername(name.user());
        if (user.isEmpty() || !user.get().enabled() || !keys.registered(user.get().id(), key)) {
            return false;
        }
        User u = user.get();
        session.setAttribute(GatewayLogin.KEY, new GatewayLogin(actor(u, session), name.target(), "publickey"));
        return true;
    }

    private boolean login(ServerSession session, GatewayLogin.LoginName name, String password, String otp,
                          String method) {
        try {
            User user = users.authenticate(name.user(), password, otp, client(session));
            session.setAttribute(GatewayLogin.KEY, new GatewayLogin(actor(user, session), name.target(), method));
            return true;
        } catch (AuthenticationFailedException | MfaRequiredException | TotpCodeReusedException
                 | RateLimitedException e) {
            return false;
        } catch (AuditUnavailableException e) {
            log.warn("SSH gateway login refused: the audit trail is unavailable");
            return false;
        }
    }

    private GatewayLogin.LoginName parse(String login) {
        return GatewayLogin.LoginName.parse(login, u -> users.findByUsername(u).isPresent());
    }

    static Actor actor(User user, ServerSession session) {
        return new Actor(user.id(), user.username(), user.admin(), VIA, ip(session), clientVersion(session));
    }

    static Actor client(ServerSession session) {
        return new Actor(null, null, false, VIA, ip(session), clientVersion(session));
    }

    static String ip(ServerSession session) {
        SocketAddress a = session.getClientAddress();
        return a instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : null;
    }

    private static String clientVersion(ServerSession session) {
        String v = session.getClientVersion();
        return v == null ? null : v.length() > 200 ? v.substring(0, 200) : v;
    }
}
