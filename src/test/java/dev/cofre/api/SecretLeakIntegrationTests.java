package dev.cofre.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Users;
import dev.cofre.totp.Base32;

/**
 * Plants secrets, uses every endpoint with them (errors included), then searches the data directory, the log
 * and every response body except the two that exist to return a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakIntegrationTests extends CofreServerTests {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "leak");
    }

    @Value("${cofre.data-dir}")
    Path dataDir;

    @Autowired
    JdbcClient jdbc;

    private final List<ApiClient.Response> responses = new ArrayList<>();

    private ApiClient.Response keep(ApiClient.Response r) {
        responses.add(r);
        return r;
    }

    @Test
    void plantedSecretsAppearNowhereButTheirOwnEndpoints(CapturedOutput output) throws IOException {
        byte[] seed = new byte[20];
        new SecureRandom().nextBytes(seed);
        String base32 = Base32.encode(seed);
        String password = "Planted-Password-" + Users.unique("pw");
        String password2 = "Planted-Second-" + Users.unique("pw");
        String name = Users.unique("leakcheck-metadata");
        String uri = "otpauth://totp/Acme:bob?secret=" + base32 + "&issuer=Acme";

        ApiClient.Response created = keep(admin.post("/api/v1/credentials", Map.of("name", name, "password", password,
                "host", "db.leak.internal", "totp", Map.of("secret", base32.toLowerCase()))));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        keep(admin.post("/api/v1/credentials", Map.of("name", name + "-uri", "totp", Map.of("uri", uri))));

        keep(admin.get("/api/v1/credentials/" + id));
        keep(admin.get("/api/v1/credentials?q=leakcheck"));
        keep(admin.put("/api/v1/credentials/" + id, Map.of("name", name, "password", password2)));
        // Errors that carry the secrets in the request must not echo them.
        keep(admin.post("/api/v1/credentials", Map.of("name", name + "-bad", "password", password,
                "totp", Map.of("secret", base32 + "!"))));
        keep(admin.post("/api/v1/credentials", Map.of("name", name + "-short", "totp", Map.of("secret",
                base32.substring(0, 8)))));
        keep(admin.post("/api/v1/credentials", Map.of("name", name + "-hotp", "totp", Map.of("uri",
                uri.replace("totp", "hotp")))));
        keep(admin.send("POST", "/api/v1/credentials", "application/json",
                "{\"name\": \"x\", \"port\": \"" + password + "\"}"));
        keep(admin.send("POST", "/api/v1/credentials", "application/json", "{\"name\": \"" + password + "\""));
        keep(admin.send("POST", "/api/v1/credentials", "application/json",
                "{\"name\": \"x\", \"" + password + "\": 1}"));
        keep(admin.post("/api/v1/credentials", Map.of("name", name, "password", password)));
        keep(anonymous.post("/api/v1/auth/login", Map.of("username", password, "password", password)));
        keep(anonymous.withToken(password).get("/api/v1/credentials/" + id));
        keep(admin.get("/api/v1/credentials/" + id + "/nope"));
        keep(admin.get("/api/v1/audit?size=500"));
        keep(admin.get("/api/v1/audit/export"));
        keep(admin.get("/api/v1/audit/verify"));
        keep(anonymous.get("/v3/api-docs"));

        ApiClient.Response revealed = admin.get("/api/v1/credentials/" + id + "/password");
        assertThat(revealed.json().get("password").asString()).isEqualTo(password2);
        assertThat(admin.get("/api/v1/credentials/" + id + "/totp").status()).isEqualTo(200);

        jdbc.sql("CHECKPOINT SYNC").update();
        List<String> planted = List.of(password, password2, base32, base32.toLowerCase());
        assertThat(responses).isNotEmpty().allSatisfy(r -> {
            for (String secret : planted) {
                assertThat(r.body()).as("a response body").doesNotContain(secret);
            }
        });
        for (String secret : planted) {
            assertThat(output.getAll()).as("the log").doesNotContain(secret);
        }

        // The scan finds what is stored in clear (metadata), so its silence about the secrets means something.
        byte[] everything = dataDirBytes();
        assertThat(indexOf(everything, name.getBytes(StandardCharsets.UTF_8))).as("metadata in the data dir")
                .isGreaterThanOrEqualTo(0);
        for (String secret : planted) {
            assertThat(indexOf(everything, secret.getBytes(StandardCharsets.UTF_8))).as("a secret in the data dir")
                    .isEqualTo(-1);
            assertThat(indexOf(everything, secret.getBytes(StandardCharsets.UTF_16BE))).isEqualTo(-1);
        }
        assertThat(indexOf(everything, seed)).as("the raw seed in the data dir").isEqualTo(-1);
        assertThat(HexFormat.of().formatHex(everything).contains(HexFormat.of().formatHex(seed))).isFalse();
    }

    private byte[] dataDirBytes() throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.writeBytes(Files.readAllBytes(f));
            }
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
