package dev.cofre.credential;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.cofre.common.InvalidInputException;
import dev.cofre.common.TextInput;

/**
 * Checks and normalizes a draft's plain fields. Each rule names the field and what is accepted; messages never
 * repeat the rejected value.
 */
final class CredentialValidator {

    static final int MAX_PASSWORD_LENGTH = 4096;
    private static final int MAX_TAGS = 50;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]%-]{1,255}");

    private CredentialValidator() {
    }

    /** The plain fields after normalization. */
    record Fields(String name, CredentialType type, String username, String host, Integer port, String url,
                  String description, List<String> tags) {
    }

    static Fields check(CredentialDraft d) {
        String name = TextInput.required("name", d.name(), 200);
        CredentialType type = CredentialType.parse(d.type());
        String username = TextInput.optional("username", d.username(), 200);
        String host = TextInput.optional("host", d.host(), 255);
        if (host != null && !HOST.matcher(host).matches()) {
            throw new InvalidInputException("host", "host must be a host name or an IP address "
                    + "(letters, digits, '.', '-', ':', '[', ']')");
        }
        if (d.port() != null && (d.port() < 1 || d.port() > 65535)) {
            throw new InvalidInputException("port", "port must be between 1 and 65535");
        }
        String url = TextInput.optional("url", d.url(), 2048);
        if (url != null) {
            checkUrl(url);
        }
        String description = multiline("description", d.description(), 4000);
        if (d.password() != null && d.password().length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "password is limited to " + MAX_PASSWORD_LENGTH
                    + " characters");
        }
        if (d.password() != null && d.removePassword()) {
            throw new InvalidInputException("removePassword", "give a new password or removePassword, not both");
        }
        if (d.totp() != null && d.removeTotp()) {
            throw new InvalidInputException("removeTotp", "give a TOTP secret or removeTotp, not both");
        }
        return new Fields(name, type, username, host, d.port(), url, description, tags(d.tags()));
    }

    private static String multiline(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidInputException(field, field + " is limited to " + max + " characters");
        }
        if (v.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidInputException(field, field + " must not contain control characters");
        }
        return v;
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInputException("url", "url must be an absolute http:// or https:// address");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "url is not a valid address");
        }
    }

    private static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "at most " + MAX_TAGS + " tags");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(t).matches()) {
                throw new InvalidInputException("tags", "a tag is 1 to 64 characters: a-z, 0-9 and . _ : / - "
                        + "(starting with a letter or digit)");
            }
            unique.add(t);
        }
        return new ArrayList<>(unique).stream().sorted().toList();
    }
}
