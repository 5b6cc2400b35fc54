package dev.cofre.auth;

/**
 * A started MFA enrolment: the otpauth URI to show once as a QR code (it holds the new secret, so it is never
 * logged or stored in clear).
 */
public record MfaEnrolment(String otpauthUri) {

    @Override
    public String toString() {
        return "MfaEnrolment[<masked>]";
    }
}
