package dev.cofre.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.common.ConflictException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.common.NotFoundException;
import dev.cofre.policy.PolicyService;

/**
 * Front door of the auth feature: login (password, throttling, the user's own TOTP, all audited), bearer-token
 * resolution and logout, MFA enrolment, and user administration (admins only).
 */
@Service
public class UserService {

    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final UserRepository users;
    private final ApiTokens tokens;
    private final PasswordHasher hasher;
    private final AuthProperties properties;
    private final LoginThrottle throttle;
    private final UserMfa mfa;
    private final AuditTrail audit;
    private final PolicyService policies;
    private final Clock clock;

    UserService(UserRepository users, ApiTokens tokens, PasswordHasher hasher, AuthProperties properties,
                LoginThrottle throttle, UserMfa mfa, AuditTrail audit, PolicyService policies, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.properties = properties;
        this.throttle = throttle;
        this.mfa = mfa;
        this.audit = audit;
        this.policies = policies;
        this.clock = clock;
    }

    /** Password (and OTP when enrolled) login that issues an API token. {@code client} carries ip and user agent. */
    public LoginResult login(String username, String password, String otp, Actor client) {
        User user = authenticate(username, password, otp, client);
        ApiTokens.Issued issued = tokens.issue(user.id(), "api", properties.tokenTtl());
        audit.record(new Actor(user.id(), user.username(), user.admin(), "token:" + issued.id(), client.ip(),
                client.userAgent()).event(AuditAction.LOGIN, null, null, AuditOutcome.SUCCESS, "api token issued"));
        return new LoginResult(issued.id(), issued.token(), issued.expiresAt(), user);
    }

    /**
     * Checks password and, for enrolled users, the one-time code; throttled and audited. Returns the user; the
     * caller records the successful login with the session or token it creates.
     */
    public User authenticate(String username, String password, String otp, Actor client) {
        String name = username == null ? "" : username.strip();
        Optional<UserRepository.StoredUser> stored = USERNAME.matcher(name).matches()
                ? users.findByUsername(name) : Optional.empty();
        UUID knownId = stored.map(s -> s.user().id()).orElse(null);
        try {
            throttle.check(name, client.ip(), knownId);
        } catch (RateLimitedException e) {
            audit.record(failure(stored, client, "throttled"));
            throw e;
        }
        boolean acceptable = password != null && password.length() <= MAX_PASSWORD_LENGTH;
        // Always one hash, known user or not, so timing does not reveal which usernames exist.
        boolean matches = hasher.matches(acceptable ? password : "",
                stored.map(UserRepository.StoredUser::passwordHash).orElse(null));
        boolean ok = acceptable && matches;
        if (!ok || stored.isEmpty() || !stored.get().user().enabled()) {
            throttle.failed(name, client.ip());
            audit.record(failure(stored, client, stored.isEmpty() ? "unknown username"
                    : !stored.get().user().enabled() ? "user disabled" : "wrong password"));
            throw new AuthenticationFailedException();
        }
        User user = stored.get().user();
        if (mfa.enabled(user.id())) {
            if (otp == null || otp.isBlank()) {
                audit.record(failure(stored, client, "one-time code required"));
                throw new MfaRequiredException();
            }
            boolean valid;
            try {
                valid = mfa.verify(user.id(), otp.strip());
            } catch (TotpCodeReusedException e) {
                throttle.failed(name, client.ip());
                audit.record(failure(stored, client, "one-time code reused"));
                throw e;
            }
            if (!valid) {
                throttle.failed(name, client.ip());
                audit.record(failure(stored, client, "wrong one-time code"));
                throw new AuthenticationFailedException();
            }
        }
        throttle.succeeded(user.id(), name, client.ip());
        return user;
    }

    private static dev.cofre.audit.AuditEvent failure(Optional<UserRepository.StoredUser> stored, Actor client,
                                                      String why) {
        // An unknown username is not recorded as typed: it may be a password entered in the wrong field.
        String actor = stored.map(s -> s.user().username()).orElse("(unknown)");
        UUID id = stored.map(s -> s.user().id()).orElse(null);
        return new Actor(id, actor, false, client.via(), client.ip(), client.userAgent())
                .event(AuditAction.LOGIN, null, null, AuditOutcome.FAILURE, why);
    }

    /** The live token's owner, or empty for an unknown, expired or revoked token or a disabled user. */
    public Optional<TokenOwner> resolveToken(String token) {
        return tokens.resolve(token).map(r -> new TokenOwner(r.tokenId(), r.user()));
    }

    public void logout(Actor actor, UUID tokenId) {
        audit.record(actor.event(AuditAction.LOGOUT, null, null, AuditOutcome.SUCCESS, null));
        if (tokenId != null) {
            tokens.revoke(tokenId);
        }
    }

    public Optional<User> findById(UUID id) {
        return users.findById(id);
    }

    public Optional<User> findByUsername(String username) {
        return users.findByUsername(username).map(UserRepository.StoredUser::user);
    }

    public boolean mfaEnabled(UUID userId) {
        return mfa.enabled(userId);
    }

    /** Starts (or restarts) the caller's own MFA enrolment. The URI is shown once and never stored in clear. */
    public MfaEnrolment startMfaEnrolment(Actor actor) {
        requireUser(actor);
        MfaEnrolment enrolment = mfa.start(actor.userId(), actor.username());
        audit.record(actor.event(AuditAction.MFA_ENROL, null, actor.username(), AuditOutcome.SUCCESS, "started"));
        return enrolment;
    }

    public void confirmMfaEnrolment(Actor actor, String code) {
        requireUser(actor);
        if (!mfa.confirm(actor.userId(), code == null ? "" : code.strip())) {
            audit.record(actor.event(AuditAction.MFA_ENROL, null, actor.username(), AuditOutcome.FAILURE,
                    "wrong code"));
            throw new InvalidInputException("code", "the code does not match the new authenticator; "
                    + "check the device clock and enter the current 6-digit code");
        }
        audit.record(actor.event(AuditAction.MFA_ENROL, null, actor.username(), AuditOutcome.SUCCESS, null));
    }

    @Transactional
    public void resetMfa(Actor actor, UUID userId) {
        policies.requireAdmin(actor, AuditAction.MFA_RESET, "user " + userId);
        User user = users.findById(userId).orElseThrow(() -> new NotFoundException("User not found"));
        mfa.reset(userId);
        audit.record(actor.event(AuditAction.MFA_RESET, null, "user " + user.username(), AuditOutcome.SUCCESS, null));
    }

    public List<User> list(Actor actor) {
        policies.requireAdmin(actor, AuditAction.USER_UPDATE, "list users");
        return users.list();
    }

    public User get(Actor actor, UUID id) {
        policies.requireAdmin(actor, AuditAction.USER_UPDATE, "user " + id);
        return users.findById(id).orElseThrow(() -> new NotFoundException("User not found"));
    }

    @Transactional
    public User create(Actor actor, UserDraft draft) {
        policies.requireAdmin(actor, AuditAction.USER_CREATE, draft.username());
        String username = username(draft.username());
        String password = password(draft.password(), true);
        User user = new User(UUID.randomUUID(), username, Boolean.TRUE.equals(draft.admin()),
                draft.enabled() == null || draft.enabled(), clock.instant());
        try {
            users.insert(user, hasher.hash(password));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("username", "A user with this username already exists");
        }
        policies.setGroupsOf(user.id(), draft.groups());
        audit.record(actor.event(AuditAction.USER_CREATE, null, "user " + username, AuditOutcome.SUCCESS,
                describe(user, draft.groups())));
        return user;
    }

    @Transactional
    public User update(Actor actor, UUID id, UserDraft draft) {
        policies.requireAdmin(actor, AuditAction.USER_UPDATE, "user " + id);
        User old = users.findById(id).orElseThrow(() -> new NotFoundException("User not found"));
        String username = draft.username() == null ? old.username() : username(draft.username());
        String password = draft.password() == null ? null : password(draft.password(), true);
        User user = new User(id, username, draft.admin() == null ? old.admin() : draft.admin(),
                draft.enabled() == null ? old.enabled() : draft.enabled(), old.createdAt());
        if (old.admin() && old.enabled() && !(user.admin() && user.enabled()) && users.countEnabledAdmins() <= 1) {
            throw new ConflictException("admin", "This is the last enabled administrator; keep at least one");
        }
        try {
            users.update(user, password == null ? null : hasher.hash(password), clock.instant());
            tokens.forgetUser(id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("username", "A user with this username already exists");
        }
        if (draft.groups() != null) {
            policies.setGroupsOf(id, draft.groups());
        }
        audit.record(actor.event(AuditAction.USER_UPDATE, null, "user " + username, AuditOutcome.SUCCESS,
                describe(user, draft.groups()) + (password != null ? ", password changed" : "")));
        return user;
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        policies.requireAdmin(actor, AuditAction.USER_DELETE, "user " + id);
        User old = users.findById(id).orElseThrow(() -> new NotFoundException("User not found"));
        if (old.admin() && old.enabled() && users.countEnabledAdmins() <= 1) {
            throw new ConflictException("admin", "This is the last enabled administrator; keep at least one");
        }
        users.delete(id);
        tokens.forgetUser(id);
        // The audit trail keeps the user's name and id in its own columns, so their history outlives them.
        audit.record(actor.event(AuditAction.USER_DELETE, null, "user " + old.username(), AuditOutcome.SUCCESS, null));
    }

    public List<String> groupsOf(UUID userId) {
        return policies.groupsOf(userId);
    }

    private static void requireUser(Actor actor) {
        if (actor.userId() == null) {
            throw new InvalidInputException("user", "only a signed-in user can do this");
        }
    }

    private static String username(String value) {
        String v = value == null ? "" : value.strip();
        if (!USERNAME.matcher(v).matches()) {
            throw new InvalidInputException("username",
                    "a username is 1 to 64 characters: letters, digits, . _ @ - (starting with a letter or digit)");
        }
        return v;
    }

    static String password(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidInputException("password", "password is required");
            }
            return null;
        }
        if (value.length() < MIN_PASSWORD_LENGTH || value.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "a password is " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters long");
        }
        return value;
    }

    private static String describe(User u, List<String> groups) {
        return "admin=" + u.admin() + ", enabled=" + u.enabled() + (groups == null ? "" : ", groups=" + groups);
    }

    public record TokenOwner(UUID tokenId, User user) {
    }
}
