package dev.cofre.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import tools.jackson.databind.JsonNode;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;

/**
 * The OpenAPI document the server serves is the one springdoc generates from the controllers. springdoc runs here
 * only (it is a test dependency), at {@value #GENERATED}; the server serves the committed
 * {@code src/main/resources/api/openapi.json}. When they disagree the test fails and writes the generated document
 * to {@code target/openapi/openapi.json} (with {@code -Dcofre.openapi.update=true}, over the committed one), so that
 * a change of the API is reviewed as a diff of that file.
 */
@TestPropertySource(properties = {
        "springdoc.api-docs.enabled=true",
        "springdoc.api-docs.path=" + OpenApiDocumentIntegrationTests.GENERATED,
        "springdoc.paths-to-match=/api/**",
        "springdoc.default-produces-media-type=application/json",
        "springdoc.writer-with-order-by-keys=true",
        "springdoc.writer-with-default-pretty-printer=true"})
class OpenApiDocumentIntegrationTests extends CofreServerTests {

    static final String GENERATED = "/v3/api-docs/generated";
    static final Path COMMITTED = Path.of("src", "main", "resources", OpenApiDocumentController.DOCUMENT);

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "openapi");
    }

    /** What the controllers cannot say about themselves: the API's name, where it is, and how callers sign in. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Description {

        @Bean
        OpenAPI cofreApi() {
            return new OpenAPI()
                    .info(new Info().title("Cofre").version("v1").description("""
                            Cofre's REST API: credentials and their live TOTP tokens, users, groups, access \
                            policies, the audit trail and recorded SSH sessions. Sign in with POST \
                            /api/v1/auth/login and send the token as `Authorization: Bearer <token>`. Errors are \
                            RFC 9457 application/problem+json with `field` naming the rejected input."""))
                    .servers(List.of(new Server().url("/")))
                    .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .description("A token from POST /api/v1/auth/login")))
                    .addSecurityItem(new SecurityRequirement().addList("bearer"));
        }

        @Bean
        OpenApiCustomizer loginNeedsNoToken() {
            return api -> api.getPaths().get("/api/v1/auth/login").getPost().setSecurity(List.of());
        }
    }

    @Test
    void servedDocumentIsTheOneGeneratedFromTheControllers() throws IOException {
        ApiClient.Response generated = anonymous.get(GENERATED);
        assertThat(generated.status()).as(generated.body()).isEqualTo(200);
        ApiClient.Response served = anonymous.get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);

        if (!generated.json().equals(served.json())) {
            Path written = Boolean.getBoolean("cofre.openapi.update")
                    ? COMMITTED
                    : Path.of("target", "openapi", "openapi.json");
            Files.createDirectories(written.getParent());
            Files.writeString(written, generated.body() + "\n");
            assertThat(written).as("The REST API and %s disagree. The generated document is in %s: review the "
                    + "difference and copy it over, or run the tests with -Dcofre.openapi.update=true", COMMITTED,
                    written).isEqualTo(COMMITTED);
        }
    }

    @Test
    void documentDescribesTheTokenEndpointAndTheBearerSignIn() {
        JsonNode doc = anonymous.get("/v3/api-docs").json();

        assertThat(doc.get("openapi").asString()).startsWith("3.");
        assertThat(doc.get("servers").get(0).get("url").asString()).isEqualTo("/");
        JsonNode token = doc.get("paths").get("/api/v1/credentials/{id}/totp").get("get");
        assertThat(token.get("responses").get("200").get("content").has("application/json")).isTrue();
        JsonNode tokenSchema = doc.get("components").get("schemas").get("TokenResponse").get("properties");
        assertThat(tokenSchema.propertyNames()).contains("code", "algorithm", "digits", "period", "validFrom",
                "validUntil", "secondsRemaining", "next");
        assertThat(doc.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(doc.get("security").get(0).has("bearer")).isTrue();
        assertThat(doc.get("paths").get("/api/v1/auth/login").get("post").get("security")).isEmpty();
        assertThat(doc.get("paths").propertyNames()).allMatch(path -> path.startsWith("/api/v1/"));
    }

    @Test
    void documentIsJsonAndRevalidatesByItsEtag() {
        ApiClient.Response first = anonymous.get("/v3/api-docs");
        assertThat(first.header("Content-Type")).startsWith("application/json");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(first.header("Cache-Control")).contains("no-cache");

        ApiClient.Response unchanged = anonymous.send(anonymous.request("/v3/api-docs")
                .header("If-None-Match", etag).GET());
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();

        ApiClient.Response stale = anonymous.send(anonymous.request("/v3/api-docs")
                .header("If-None-Match", "\"0123456789abcdef0123456789abcdef\"").GET());
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json()).isEqualTo(first.json());
    }

    @Test
    void documentAnswersNoOtherMethodAndNoOtherFormat() {
        ApiClient.Response post = anonymous.send(anonymous.request("/v3/api-docs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.body()).doesNotContain("openapi");

        ApiClient.Response yaml = anonymous.send(anonymous.request("/v3/api-docs")
                .header("Accept", "application/yaml").GET());
        assertThat(yaml.status()).isEqualTo(406);
    }
}
