package dev.cofre.auth;

/** Login refused. The message is the same whatever was wrong, so it does not reveal which usernames exist. */
public class AuthenticationFailedException extends RuntimeException {

    public AuthenticationFailedException() {
        super("Invalid username or password");
    }
}
