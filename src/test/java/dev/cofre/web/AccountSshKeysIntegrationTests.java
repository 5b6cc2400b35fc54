package dev.cofre.web;

import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.session.SshGateway;
import dev.cofre.support.CofreServerTests;

import static dev.cofre.web.WebSession.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** My account's SSH keys over HTTP: add, refuse with the error next to the field, delete, and CSRF on both forms. */
class AccountSshKeysIntegrationTests extends CofreServerTests {

    private static final Pattern DELETE_FORM = Pattern.compile("action=\"/account/ssh-keys/([0-9a-f-]{36})/delete\"");

    @Autowired
    SshGateway gateway;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "web-ssh-keys");
    }

    static PublicKey newEcKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPublic();
    }

    @Test
    void aValidKeyIsAddedListedWithItsFingerprintAndDeleted() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        PublicKey key = newEcKey();
        String line = PublicKeyEntry.toString(key) + " admin@laptop";
        String fingerprint = KeyUtils.getFingerPrint(key);

        String csrf = s.csrf("/account");
        HttpResponse<String> added = s.post("/account/ssh-keys", "_csrf=" + enc(csrf) + "&name=" + enc("work laptop")
                + "&publicKey=" + enc(line));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(302);
        assertThat(added.headers().firstValue("Location").orElseThrow()).endsWith("/account#ssh-keys");

        String page = s.get("/account").body();
        assertThat(page).contains("work laptop").contains("ecdsa-sha2-nistp256").contains(fingerprint)
                .contains("SSH key added");
        assertThat(page).contains("ssh -p " + gateway.port() + " &#39;admin@&lt;credential name&gt;&#39;@127.0.0.1");

        Matcher m = DELETE_FORM.matcher(page);
        assertThat(m.find()).as("a delete form").isTrue();
        HttpResponse<String> deleted = s.post("/account/ssh-keys/" + m.group(1) + "/delete", "_csrf=" + enc(csrf));
        assertThat(deleted.statusCode()).isEqualTo(302);
        String after = s.get("/account").body();
        assertThat(after).doesNotContain(fingerprint).contains("No SSH keys yet").contains("SSH key removed");
    }

    @Test
    void anInvalidKeyIsRefusedNextToItsFieldAndNothingIsSaved() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        String csrf = s.csrf("/account");
        HttpResponse<String> bad = s.post("/account/ssh-keys", "_csrf=" + enc(csrf) + "&name=broken"
                + "&publicKey=" + enc("ssh-ed25519 not-base64!! me@host"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"public-key-error\"").contains("Not an OpenSSH public key")
                .contains("aria-invalid=\"true\"").contains("value=\"broken\"");
        // The error sits in the public key's field, right after its textarea.
        assertThat(bad.body()).containsPattern("(?s)<textarea id=\"public-key\"[^>]*>[^<]*</textarea>\\s*"
                + "<p class=\"field-error\" id=\"public-key-error\"");

        HttpResponse<String> privateKey = s.post("/account/ssh-keys", "_csrf=" + enc(csrf) + "&publicKey="
                + enc("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"));
        assertThat(privateKey.statusCode()).isEqualTo(400);
        assertThat(privateKey.body()).contains("private key").doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");

        HttpResponse<String> longName = s.post("/account/ssh-keys", "_csrf=" + enc(csrf) + "&name=" + "n".repeat(101)
                + "&publicKey=" + enc(PublicKeyEntry.toString(newEcKey())));
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(longName.body()).contains("id=\"key-name-error\"");

        assertThat(s.get("/account").body()).contains("No SSH keys yet").doesNotContain("/delete\"");
    }

    @Test
    void bothFormsRequireTheCsrfToken() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        PublicKey key = newEcKey();
        HttpResponse<String> noToken = s.post("/account/ssh-keys", "name=sneaky&publicKey="
                + enc(PublicKeyEntry.toString(key)));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(s.get("/account").body()).doesNotContain(KeyUtils.getFingerPrint(key));

        String csrf = s.csrf("/account");
        assertThat(s.post("/account/ssh-keys", "_csrf=" + enc(csrf) + "&publicKey="
                + enc(PublicKeyEntry.toString(key))).statusCode()).isEqualTo(302);
        Matcher m = DELETE_FORM.matcher(s.get("/account").body());
        assertThat(m.find()).isTrue();
        assertThat(s.post("/account/ssh-keys/" + m.group(1) + "/delete", "").statusCode()).isEqualTo(403);
        assertThat(s.get("/account").body()).contains(KeyUtils.getFingerPrint(key));
        // Clean up for the other tests in this context.
        assertThat(s.post("/account/ssh-keys/" + m.group(1) + "/delete", "_csrf=" + enc(csrf)).statusCode())
                .isEqualTo(302);
    }
}
