package dev.cofre.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import dev.cofre.config.CofreProperties;

/**
 * First start: when no user exists, creates {@code admin} with {@code COFRE_ADMIN_PASSWORD}, or with a generated
 * password written to {@code <data dir>/initial-admin-password} (created 0600). The password is never logged.
 * Runs before the web server accepts requests.
 */
@Component
class InitialAdmin implements SmartInitializingSingleton {

    static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuthProperties auth;
    private final CofreProperties cofre;
    private final Clock clock;

    InitialAdmin(UserRepository users, PasswordHasher hasher, AuthProperties auth, CofreProperties cofre, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.auth = auth;
        this.cofre = cofre;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (users.count() > 0) {
            return;
        }
        String configured = auth.initialAdminPassword();
        boolean generated = configured == null || configured.isEmpty();
        if (!generated && (configured.length() < UserService.MIN_PASSWORD_LENGTH || configured.length() > UserService.MAX_PASSWORD_LENGTH)) {
            throw new IllegalStateException("COFRE_ADMIN_PASSWORD (cofre.auth.initial-admin-password) must be "
                    + UserService.MIN_PASSWORD_LENGTH + " to " + UserService.MAX_PASSWORD_LENGTH + " characters long");
        }
        String password = generated ? generatePassword() : configured;
        // The file is written before the user exists, so a failed write never leaves an admin nobody can log in as.
        Path file = generated ? writePasswordFile(password) : null;
        try {
            users.insert(new User(UUID.randomUUID(), USERNAME, true, true, clock.instant()), hasher.hash(password));
        } catch (DuplicateKeyException raceWithAnotherNode) {
            return;
        }
        if (generated) {
            log.info("Created the initial admin user '{}'; its password is in {}", USERNAME, file.toAbsolutePath());
        } else {
            log.info("Created the initial admin user '{}' with the password from COFRE_ADMIN_PASSWORD", USERNAME);
        }
    }

    private Path writePasswordFile(String password) {
        Path dir = cofre.dataDir();
        Path file = dir.resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Could not create " + file + ": it appeared while writing it");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the initial admin password to " + file, e);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
