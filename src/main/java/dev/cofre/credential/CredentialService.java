package dev.cofre.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.policy.Grants;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyDeniedException;
import dev.cofre.policy.PolicyService;
import dev.cofre.common.InvalidInputException;
import dev.cofre.crypto.Barrier;
import dev.cofre.crypto.Binding;
import dev.cofre.crypto.Ciphertext;
import dev.cofre.crypto.Secret;
import dev.cofre.totp.ParsedTotp;
import dev.cofre.totp.TotpAlgorithm;
import dev.cofre.totp.TotpProperties;
import dev.cofre.totp.TotpSecretParser;
import dev.cofre.totp.TotpSettings;
import dev.cofre.totp.TotpTokens;

/**
 * Front door of the credential feature, used alike by the REST API and the web pages. Secrets enter here as
 * request strings and are sealed at once; {@link #revealPassword} and {@link #currentToken} are the only
 * methods that open them.
 */
@Service
public class CredentialService {

    static final String PASSWORD_FIELD = "password";
    static final String TOTP_SEED_FIELD = "totp-seed";

    private final CredentialRepository repository;
    private final Barrier barrier;
    private final Clock clock;
    private final TotpProperties totpProperties;
    private final PolicyService policies;
    private final AuditTrail audit;

    CredentialService(CredentialRepository repository, Barrier barrier, Clock clock, TotpProperties totpProperties,
                      PolicyService policies, AuditTrail audit) {
        this.repository = repository;
        this.barrier = barrier;
        this.clock = clock;
        this.totpProperties = totpProperties;
        this.policies = policies;
        this.audit = audit;
    }

    /** The credentials the actor may see (any permission), one page of them. */
    public CredentialPage list(Actor actor, CredentialQuery query) {
        return repository.page(query, policies.grants(actor).scope());
    }

    /** A credential the actor may see; otherwise (unknown, or no permission at all) not found. */
    public Credential get(Actor actor, UUID id) {
        return visible(actor, id, AuditAction.CREDENTIAL_VIEW).stored().credential();
    }

    /** What the actor may do with a credential (empty: it is invisible to them). */
    public Set<Permission> permissionsOn(Actor actor, Credential c) {
        return policies.grants(actor).on(c.id(), c.tags(), c.host());
    }

    /** Finds a credential the actor may see by its id or, failing that, by its name (ignoring case). */
    public Optional<Credential> findByIdOrName(Actor actor, String idOrName) {
        if (idOrName == null || idOrName.isBlank() || idOrName.length() > 200) {
            return Optional.empty();
        }
        UUID id = parseUuid(idOrName);
        Optional<CredentialRepository.Stored> found = id == null ? Optional.empty() : repository.find(id);
        if (found.isEmpty()) {
            found = repository.findIdByName(idOrName).flatMap(repository::find);
        }
        Grants grants = policies.grants(actor);
        return found.map(CredentialRepository.Stored::credential)
                .filter(c -> !grants.on(c.id(), c.tags(), c.host()).isEmpty());
    }

    @Transactional
    public Credential create(Actor actor, CredentialDraft draft) {
        CredentialValidator.Fields f = CredentialValidator.check(draft);
        if (draft.removePassword() || draft.removeTotp()) {
            throw new InvalidInputException(draft.removePassword() ? "removePassword" : "removeTotp",
                    "nothing to remove on a new credential");
        }
        UUID id = UUID.randomUUID();
        Ciphertext password = draft.password() == null ? null : sealPassword(id, draft.password());
        TotpSettings totpSettings = null;
        Ciphertext seed = null;
        if (draft.totp() != null) {
            if (!draft.totp().hasSeed()) {
                throw new InvalidInputException("totp.secret", "a TOTP secret (Base32) or an otpauth:// uri is required");
            }
            try (ParsedTotp parsed = parse(draft.totp())) {
                totpSettings = parsed.settings();
                seed = barrier.seal(parsed.seed(), binding(id, TOTP_SEED_FIELD));
            }
        }
        Instant now = clock.instant();
        Credential credential = new Credential(id, f.name(), f.type(), f.username(), f.host(), f.port(), f.url(),
                f.description(), f.tags(), password != null, totpSettings, now, now, 1);
        // Creating is allowed where the actor could edit the result (admins anywhere).
        if (!permissionsOn(actor, credential).contains(Permission.EDIT)) {
            deny(actor, AuditAction.CREDENTIAL_CREATE, null, credential.name(), "needs EDIT on the new credential");
        }
        try {
            repository.insert(credential, password, seed);
        } catch (DuplicateKeyException e) {
            throw new CredentialNameTakenException();
        }
        audit.record(actor.event(AuditAction.CREDENTIAL_CREATE, id, credential.name(), AuditOutcome.SUCCESS,
                "password " + (password != null ? "set" : "none") + ", totp " + (seed != null ? "set" : "none")));
        return credential;
    }

    @Transactional
    public Credential update(Actor actor, UUID id, CredentialDraft draft) {
        Visible access = visible(actor, repository.findFresh(id), id, AuditAction.CREDENTIAL_UPDATE);
        CredentialRepository.Stored stored = access.stored();
        Credential old = stored.credential();
        Set<Permission> before = require(actor, access, AuditAction.CREDENTIAL_UPDATE, Permission.EDIT);
        CredentialValidator.Fields f = CredentialValidator.check(draft);

        Ciphertext password = stored.password();
        if (draft.removePassword()) {
            password = null;
        } else if (draft.password() != null) {
            password = sealPassword(id, draft.password());
        }

        Ciphertext seed = stored.totpSeed();
        TotpSettings totpSettings = old.totp();
        if (draft.removeTotp()) {
            seed = null;
            totpSettings = null;
        } else if (draft.totp() != null && draft.totp().hasSeed()) {
            try (ParsedTotp parsed = parse(draft.totp())) {
                totpSettings = parsed.settings();
                seed = barrier.seal(parsed.seed(), binding(id, TOTP_SEED_FIELD));
            }
        } else if (draft.totp() != null) {
            if (seed == null) {
                throw new InvalidInputException("totp.secret", "a TOTP secret (Base32) or an otpauth:// uri is required");
            }
            totpSettings = withChanges(totpSettings, draft.totp());
        }

        Credential updated = new Credential(id, f.name(), f.type(), f.username(), f.host(), f.port(), f.url(),
                f.description(), f.tags(), password != null, totpSettings, old.createdAt(), clock.instant(),
                old.version() + 1);
        // Re-tagging or re-hosting must not widen the editor's own access (e.g. gain VIEW_PASSWORD).
        if (!before.containsAll(access.grants().on(id, updated.tags(), updated.host()))) {
            deny(actor, AuditAction.CREDENTIAL_UPDATE, id, old.name(), "change would widen the editor's access");
        }
        try {
            if (!repository.update(updated, password, seed, old.version())) {
                throw new ConcurrentCredentialChangeException();
            }
        } catch (DuplicateKeyException e) {
            throw new CredentialNameTakenException();
        }
        audit.record(actor.event(AuditAction.CREDENTIAL_UPDATE, id, updated.name(), AuditOutcome.SUCCESS,
                changes(draft)));
        return updated;
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        Visible access = visible(actor, repository.findFresh(id), id, AuditAction.CREDENTIAL_DELETE);
        CredentialRepository.Stored stored = access.stored();
        require(actor, access, AuditAction.CREDENTIAL_DELETE, Permission.DELETE);
        if (!repository.delete(id)) {
            throw new CredentialNotFoundException();
        }
        audit.record(actor.event(AuditAction.CREDENTIAL_DELETE, id, stored.credential().name(), AuditOutcome.SUCCESS,
                null));
    }

    /**
     * Opens the credential's password (needs VIEW_PASSWORD; audited before it is returned). The caller writes it
     * to the response and closes the secret.
     */
    public Secret revealPassword(Actor actor, UUID id) {
        Visible access = visible(actor, id, AuditAction.PASSWORD_VIEW);
        CredentialRepository.Stored stored = access.stored();
        require(actor, access, AuditAction.PASSWORD_VIEW, Permission.VIEW_PASSWORD);
        if (stored.password() == null) {
            throw SecretNotConfiguredException.noPassword();
        }
        Secret secret = barrier.open(stored.password(), binding(id, PASSWORD_FIELD));
        try {
            audit.record(actor.event(AuditAction.PASSWORD_VIEW, id, stored.credential().name(), AuditOutcome.SUCCESS,
                    null));
            return secret;
        } catch (RuntimeException e) {
            secret.close();
            throw e;
        }
    }

    /**
     * The credential's current TOTP code on the server clock, and the next one near the end of the period. Needs
     * VIEW_PASSWORD or START_SESSION; audited before it is returned.
     */
    public TokenView currentToken(Actor actor, UUID id) {
        Visible access = visible(actor, id, AuditAction.TOKEN_VIEW);
        CredentialRepository.Stored stored = access.stored();
        require(actor, access, AuditAction.TOKEN_VIEW, Permission.VIEW_PASSWORD,
                Permission.START_SESSION);
        if (stored.totpSeed() == null) {
            throw SecretNotConfiguredException.noTotp();
        }
        TokenView view;
        try (Secret seed = barrier.open(stored.totpSeed(), binding(id, TOTP_SEED_FIELD))) {
            TotpSettings settings = stored.credential().totp();
            view = new TokenView(TotpTokens.at(seed, settings, clock.instant(), totpProperties.nextWindow()), settings);
        }
        audit.record(actor.event(AuditAction.TOKEN_VIEW, id, stored.credential().name(), AuditOutcome.SUCCESS, null));
        return view;
    }

    /**
     * Opens the password and TOTP seed for an automated login on the actor's behalf (needs START_SESSION). The
     * session start itself is audited by the caller, which knows its session id.
     */
    public SessionSecrets openForSession(Actor actor, UUID id) {
        Visible access = visible(actor, id, AuditAction.SESSION_START);
        CredentialRepository.Stored stored = access.stored();
        require(actor, access, AuditAction.SESSION_START, Permission.START_SESSION);
        Secret password = stored.password() == null ? null : barrier.open(stored.password(), binding(id, PASSWORD_FIELD));
        try {
            Secret seed = stored.totpSeed() == null ? null
                    : barrier.open(stored.totpSeed(), binding(id, TOTP_SEED_FIELD));
            return new SessionSecrets(stored.credential(), password, seed);
        } catch (RuntimeException e) {
            if (password != null) {
                password.close();
            }
            throw e;
        }
    }

    /** A loaded credential with the actor's grants, evaluated once per request. */
    private record Visible(CredentialRepository.Stored stored, Grants grants, Set<Permission> granted) {
    }

    /** Loads a credential the actor may see; otherwise audits the denial and answers "not found". */
    private Visible visible(Actor actor, UUID id, AuditAction action) {
        return visible(actor, repository.find(id), id, action);
    }

    /** {@code found}: the credential as loaded for this request (changes read it fresh, views may use the cache). */
    private Visible visible(Actor actor, Optional<CredentialRepository.Stored> found, UUID id, AuditAction action) {
        CredentialRepository.Stored stored = found.orElseThrow(CredentialNotFoundException::new);
        Grants grants = policies.grants(actor);
        Credential c = stored.credential();
        Set<Permission> granted = grants.on(c.id(), c.tags(), c.host());
        if (granted.isEmpty()) {
            audit.record(actor.event(action, id, null, AuditOutcome.DENIED, "no permission on the credential"));
            throw new CredentialNotFoundException();
        }
        return new Visible(stored, grants, granted);
    }

    /** Requires one of {@code anyOf}; otherwise audits the denial and throws (403). Returns what is granted. */
    private Set<Permission> require(Actor actor, Visible access, AuditAction action, Permission... anyOf) {
        for (Permission p : anyOf) {
            if (access.granted().contains(p)) {
                return access.granted();
            }
        }
        Credential c = access.stored().credential();
        String needed = Arrays.stream(anyOf).map(Enum::name).collect(Collectors.joining(" or "));
        deny(actor, action, c.id(), c.name(), "needs " + needed);
        return access.granted();
    }

    private void deny(Actor actor, AuditAction action, UUID id, String target, String why) {
        audit.record(actor.event(action, id, target, AuditOutcome.DENIED, why));
        throw new PolicyDeniedException("You do not have permission for this on the credential (" + why + ")");
    }

    private static String changes(CredentialDraft d) {
        List<String> parts = new ArrayList<>();
        parts.add("fields updated");
        if (d.password() != null) {
            parts.add("password replaced");
        }
        if (d.removePassword()) {
            parts.add("password removed");
        }
        if (d.totp() != null) {
            parts.add(d.totp().hasSeed() ? "totp secret replaced" : "totp settings changed");
        }
        if (d.removeTotp()) {
            parts.add("totp removed");
        }
        return String.join(", ", parts);
    }

    private Ciphertext sealPassword(UUID id, String password) {
        try (Secret secret = Secret.ofUtf8(password)) {
            return barrier.seal(secret, binding(id, PASSWORD_FIELD));
        }
    }

    private static ParsedTotp parse(CredentialDraft.TotpDraft t) {
        return TotpSecretParser.parse(t.secret(), t.uri(), t.algorithm(), t.digits(), t.period());
    }

    private static TotpSettings withChanges(TotpSettings current, CredentialDraft.TotpDraft t) {
        TotpAlgorithm algorithm = t.algorithm() == null ? current.algorithm() : TotpAlgorithm.parse(t.algorithm());
        int digits = t.digits() == null ? current.digits() : t.digits();
        int period = t.period() == null ? current.period() : t.period();
        return new TotpSettings(algorithm, digits, period, current.issuer(), current.accountName());
    }

    static Binding binding(UUID id, String field) {
        return Binding.of("credential:" + id, field);
    }

    private static UUID parseUuid(String value) {
        try {
            return value != null && value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
