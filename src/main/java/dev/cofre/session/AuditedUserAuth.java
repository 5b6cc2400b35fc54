package dev.cofre.session;

import java.io.IOException;
import java.util.List;

import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.session.ServerSession;

/**
 * One of MINA's user-authentication methods whose success counts only once the login is audited. {@code audit} runs
 * when the method has verified the user (for publickey: after the signature, so the unsigned query round that only
 * asks whether a key would do never counts) and before MINA answers USERAUTH_SUCCESS, while the client waits for that
 * answer. A login that cannot be audited is refused there: {@code audit} disconnects with a reason, and the client
 * reads it next instead of racing it with its first channel requests. A verified method is a whole login because
 * the gateway asks for one method per login (no {@code auth-methods} chains, where a first success is only partial).
 */
final class AuditedUserAuth implements UserAuth {

    /** Audits a verified login and accepts it, or disconnects the session with a reason and refuses it. */
    @FunctionalInterface
    interface LoginAudit {
        boolean accept(ServerSession session);
    }

    private final UserAuth method;
    private final LoginAudit audit;

    private AuditedUserAuth(UserAuth method, LoginAudit audit) {
        this.method = method;
        this.audit = audit;
    }

    /** The given methods, each audited. */
    static List<UserAuthFactory> of(List<UserAuthFactory> methods, LoginAudit audit) {
        return methods.stream().<UserAuthFactory>map(m -> new Factory(m, audit)).toList();
    }

    @Override
    public Boolean auth(ServerSession session, String username, String service, Buffer buffer) throws Exception {
        try {
            return audited(method.auth(session, username, service, buffer));
        } catch (AsyncAuthException e) {
            throw refusedAsync();
        }
    }

    @Override
    public Boolean next(Buffer buffer) throws Exception {
        try {
            return audited(method.next(buffer));
        } catch (AsyncAuthException e) {
            throw refusedAsync();
        }
    }

    // null is MINA's "still in progress": after a refusal nothing more may be sent, the session is closing.
    private Boolean audited(Boolean verified) {
        if (!Boolean.TRUE.equals(verified)) {
            return verified;
        }
        return audit.accept(method.getSession()) ? Boolean.TRUE : null;
    }

    // An asynchronous answer would reach USERAUTH_SUCCESS without passing the audit. MINA fails the attempt on it.
    private IllegalStateException refusedAsync() {
        return new IllegalStateException("asynchronous " + method.getName() + " authentication is not audited");
    }

    @Override
    public ServerSession getSession() {
        return method.getSession();
    }

    @Override
    public ServerSession getServerSession() {
        return method.getServerSession();
    }

    @Override
    public String getName() {
        return method.getName();
    }

    @Override
    public String getUsername() {
        return method.getUsername();
    }

    @Override
    public void destroy() {
        method.destroy();
    }

    private record Factory(UserAuthFactory method, LoginAudit audit) implements UserAuthFactory {

        @Override
        public String getName() {
            return method.getName();
        }

        @Override
        public UserAuth createUserAuth(ServerSession session) throws IOException {
            return new AuditedUserAuth(method.createUserAuth(session), audit);
        }
    }
}
