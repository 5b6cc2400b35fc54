package dev.cofre.auth;

/** The password was right but the account has MFA: the login must carry the current one-time code. */
public class MfaRequiredException extends RuntimeException {

    public MfaRequiredException() {
        super("This account requires a one-time code (otp)");
    }
}
