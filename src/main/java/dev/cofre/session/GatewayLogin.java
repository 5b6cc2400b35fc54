package dev.cofre.session;

import java.util.Optional;
import java.util.function.Predicate;

import org.apache.sshd.common.AttributeRepository.AttributeKey;

import dev.cofre.audit.Actor;

/**
 * Who logged into the gateway on an SSH connection, how, and which credential they named in the login name
 * ({@code alice@web01}); {@code target} is null when they named none (they get a menu).
 */
record GatewayLogin(Actor actor, String target, String method) {

    static final AttributeKey<GatewayLogin> KEY = new AttributeKey<>();

    /** A login name split into the Cofre username and the credential (name or id) after it. */
    record LoginName(String user, String target) {

        /**
         * Usernames may contain '@' themselves, so the split is the leftmost one that leaves an existing user
         * before it; a name that is a user as a whole names no credential.
         */
        static LoginName parse(String login, Predicate<String> userExists) {
            String l = login == null ? "" : login;
            if (userExists.test(l)) {
                return new LoginName(l, null);
            }
            for (int at = l.indexOf('@'); at >= 0; at = l.indexOf('@', at + 1)) {
                String target = l.substring(at + 1);
                if (!target.isEmpty() && userExists.test(l.substring(0, at))) {
                    return new LoginName(l.substring(0, at), target);
                }
            }
            int at = l.indexOf('@');
            return at < 0 ? new LoginName(l, null)
                    : new LoginName(l.substring(0, at), Optional.of(l.substring(at + 1)).filter(t -> !t.isEmpty())
                            .orElse(null));
        }
    }
}
