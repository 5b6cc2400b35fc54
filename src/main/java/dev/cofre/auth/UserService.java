package dev.cofre.auth;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** Front door of the auth feature: password login, bearer-token resolution and logout. */
@Service
public class UserService {

    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final int MAX_USERNAME_LENGTH = 64;

    private final UserRepository users;
    private final ApiTokens tokens;
    private final PasswordHasher hasher;
    private final AuthProperties properties;

    UserService(UserRepository users, ApiTokens tokens, PasswordHasher hasher, AuthProperties properties) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.properties = properties;
    }

    /** Checks username and password; on success issues an API token. */
    public LoginResult login(String username, String password) {
        User user = checkPassword(username, password);
        ApiTokens.Issued issued = tokens.issue(user.id(), "api", properties.tokenTtl());
        return new LoginResult(issued.id(), issued.token(), issued.expiresAt(), user);
    }

    /** Checks username and password without issuing a token (the web login keeps its own session). */
    public User checkPassword(String username, String password) {
        if (username == null || password == null || username.length() > MAX_USERNAME_LENGTH
                || password.length() > MAX_PASSWORD_LENGTH) {
            hasher.matches("", null);
            throw new AuthenticationFailedException();
        }
        Optional<UserRepository.StoredUser> stored = users.findByUsername(username);
        boolean matches = hasher.matches(password, stored.map(UserRepository.StoredUser::passwordHash).orElse(null));
        if (stored.isEmpty() || !matches || !stored.get().user().enabled()) {
            throw new AuthenticationFailedException();
        }
        return stored.get().user();
    }

    /** The live token's owner, or empty for an unknown, expired or revoked token or a disabled user. */
    public Optional<TokenOwner> resolveToken(String token) {
        return tokens.resolve(token).map(r -> new TokenOwner(r.tokenId(), r.user()));
    }

    public void logout(UUID tokenId) {
        tokens.revoke(tokenId);
    }

    public Optional<User> findById(UUID id) {
        return users.findById(id);
    }

    public record TokenOwner(UUID tokenId, User user) {
    }
}
