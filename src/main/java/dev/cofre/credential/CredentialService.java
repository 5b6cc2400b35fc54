package dev.cofre.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cofre.audit.Actor;
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

    CredentialService(CredentialRepository repository, Barrier barrier, Clock clock, TotpProperties totpProperties) {
        this.repository = repository;
        this.barrier = barrier;
        this.clock = clock;
        this.totpProperties = totpProperties;
    }

    public CredentialPage list(Actor actor, CredentialQuery query) {
        return repository.page(query);
    }

    public Credential get(Actor actor, UUID id) {
        return load(id).credential();
    }

    /** Finds a credential by its id or, failing that, by its name (ignoring case). */
    public Optional<Credential> findByIdOrName(Actor actor, String idOrName) {
        UUID id = parseUuid(idOrName);
        Optional<UUID> found = id != null && repository.find(id).isPresent()
                ? Optional.of(id) : repository.findIdByName(idOrName);
        return found.flatMap(repository::find).map(CredentialRepository.Stored::credential);
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
        try {
            repository.insert(credential, password, seed);
        } catch (DuplicateKeyException e) {
            throw new CredentialNameTakenException();
        }
        return credential;
    }

    @Transactional
    public Credential update(Actor actor, UUID id, CredentialDraft draft) {
        CredentialRepository.Stored stored = load(id);
        CredentialValidator.Fields f = CredentialValidator.check(draft);
        Credential old = stored.credential();

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
        try {
            if (!repository.update(updated, password, seed, old.version())) {
                throw new ConcurrentCredentialChangeException();
            }
        } catch (DuplicateKeyException e) {
            throw new CredentialNameTakenException();
        }
        return updated;
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        load(id);
        if (!repository.delete(id)) {
            throw new CredentialNotFoundException();
        }
    }

    /** Opens the credential's password. The caller writes it to the response and closes the secret. */
    public Secret revealPassword(Actor actor, UUID id) {
        CredentialRepository.Stored stored = load(id);
        if (stored.password() == null) {
            throw SecretNotConfiguredException.noPassword();
        }
        return barrier.open(stored.password(), binding(id, PASSWORD_FIELD));
    }

    /** The credential's current TOTP code on the server clock, and the next one near the end of the period. */
    public TokenView currentToken(Actor actor, UUID id) {
        CredentialRepository.Stored stored = load(id);
        if (stored.totpSeed() == null) {
            throw SecretNotConfiguredException.noTotp();
        }
        try (Secret seed = barrier.open(stored.totpSeed(), binding(id, TOTP_SEED_FIELD))) {
            TotpSettings settings = stored.credential().totp();
            return new TokenView(TotpTokens.at(seed, settings, clock.instant(), totpProperties.nextWindow()), settings);
        }
    }

    private CredentialRepository.Stored load(UUID id) {
        return repository.find(id).orElseThrow(CredentialNotFoundException::new);
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
