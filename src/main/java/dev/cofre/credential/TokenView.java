package dev.cofre.credential;

import dev.cofre.totp.TotpSettings;
import dev.cofre.totp.TotpToken;

/** A credential's live TOTP token with the settings it was computed under. */
public record TokenView(TotpToken token, TotpSettings settings) {
}
