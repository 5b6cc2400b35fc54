package dev.cofre.web;

import java.util.Arrays;
import java.util.List;

import dev.cofre.common.InvalidInputException;
import dev.cofre.credential.Credential;
import dev.cofre.credential.CredentialDraft;
import dev.cofre.totp.TotpSettings;

/**
 * The create/edit form as typed. Everything is a string so that what was typed can be shown again next to its
 * error. Secrets ({@code password}, {@code totpSecret}, {@code totpUri}) are cleared before the form is rendered
 * again ({@link #forgetSecrets()}), so a page never echoes one.
 */
public class CredentialForm {

    private String name = "";
    private String type = "other";
    private String username = "";
    private String password;
    private String host = "";
    private String port = "";
    private String url = "";
    private String description = "";
    private String tags = "";
    private String totpSecret;
    private String totpUri;
    private String totpAlgorithm = "SHA1";
    private String totpDigits = "6";
    private String totpPeriod = "30";
    private boolean removePassword;
    private boolean removeTotp;

    static CredentialForm of(Credential c) {
        CredentialForm f = new CredentialForm();
        f.name = c.name();
        f.type = c.type().key();
        f.username = nz(c.username());
        f.host = nz(c.host());
        f.port = c.port() == null ? "" : c.port().toString();
        f.url = nz(c.url());
        f.description = nz(c.description());
        f.tags = String.join(", ", c.tags());
        if (c.totp() != null) {
            f.totpAlgorithm = c.totp().algorithm().name();
            f.totpDigits = Integer.toString(c.totp().digits());
            f.totpPeriod = Integer.toString(c.totp().period());
        }
        return f;
    }

    /**
     * The draft for the credential service. {@code qrUri} is the URI decoded from an uploaded QR image, if any.
     * {@code existingTotp} is whether the credential already has a seed (its settings may then change alone).
     */
    CredentialDraft toDraft(String qrUri, boolean existingTotp) {
        String secret = blankToNull(totpSecret);
        String uri = blankToNull(totpUri);
        int given = (secret != null ? 1 : 0) + (uri != null ? 1 : 0) + (qrUri != null ? 1 : 0);
        if (given > 1) {
            throw new InvalidInputException(secret != null ? "totp.secret" : "totp.uri",
                    "give one of: a secret, an otpauth:// URI or a QR image, not several");
        }
        CredentialDraft.TotpDraft totp = null;
        if (!removeTotp) {
            if (secret != null) {
                totp = new CredentialDraft.TotpDraft(secret, null, totpAlgorithm, integer("totp.digits", totpDigits),
                        integer("totp.period", totpPeriod));
            } else if (uri != null || qrUri != null) {
                // The URI carries its own algorithm, digits and period.
                totp = new CredentialDraft.TotpDraft(null, uri != null ? uri : qrUri, null, null, null);
            } else if (existingTotp) {
                totp = new CredentialDraft.TotpDraft(null, null, totpAlgorithm, integer("totp.digits", totpDigits),
                        integer("totp.period", totpPeriod));
            }
        }
        List<String> tagList = tags == null ? List.of()
                : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new CredentialDraft(blankToNull(name) == null ? "" : name.strip(), type, blankToNull(username),
                password == null || password.isEmpty() ? null : password, blankToNull(host),
                integer("port", port), blankToNull(url), blankToNull(description), tagList, totp, removePassword,
                removeTotp);
    }

    void forgetSecrets() {
        password = null;
        totpSecret = null;
        totpUri = null;
    }

    private static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static List<String> algorithms() {
        return List.of("SHA1", "SHA256", "SHA512");
    }

    static List<Integer> digitChoices() {
        return List.of(6, 7, 8);
    }

    static int defaultPeriod() {
        return TotpSettings.DEFAULT_PERIOD;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getPort() { return port; }
    public void setPort(String port) { this.port = port; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getTags() { return tags; }
    public void setTags(String tags) { this.tags = tags; }
    public String getTotpSecret() { return totpSecret; }
    public void setTotpSecret(String totpSecret) { this.totpSecret = totpSecret; }
    public String getTotpUri() { return totpUri; }
    public void setTotpUri(String totpUri) { this.totpUri = totpUri; }
    public String getTotpAlgorithm() { return totpAlgorithm; }
    public void setTotpAlgorithm(String totpAlgorithm) { this.totpAlgorithm = totpAlgorithm; }
    public String getTotpDigits() { return totpDigits; }
    public void setTotpDigits(String totpDigits) { this.totpDigits = totpDigits; }
    public String getTotpPeriod() { return totpPeriod; }
    public void setTotpPeriod(String totpPeriod) { this.totpPeriod = totpPeriod; }
    public boolean isRemovePassword() { return removePassword; }
    public void setRemovePassword(boolean removePassword) { this.removePassword = removePassword; }
    public boolean isRemoveTotp() { return removeTotp; }
    public void setRemoveTotp(boolean removeTotp) { this.removeTotp = removeTotp; }

    @Override
    public String toString() {
        return "CredentialForm[name=" + name + ", secrets=<masked>]";
    }
}
