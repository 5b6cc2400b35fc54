package dev.cofre.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cofre.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeds credentials through the REST API, as an operator's script would. */
final class WebTestData {

    private WebTestData() {
    }

    static String createCredential(ApiClient admin, String name, String secret, int period, List<String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "ssh");
        body.put("username", "root");
        body.put("password", "pw-" + name + "-S3cret!");
        body.put("host", name + ".db.internal");
        body.put("port", 22);
        body.put("tags", tags);
        if (secret != null) {
            body.put("totp", Map.of("secret", secret, "period", period));
        }
        ApiClient.Response r = admin.post("/api/v1/credentials", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}
