package dev.cofre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.cofre.support.ApiClient;
import dev.cofre.support.PostgresDatabase;
import dev.cofre.support.ServerProcess;

/**
 * The jar users run, started the way the README starts it ({@code java -jar target/cofre.jar}): the flat (shaded)
 * jar must hold everything the server needs, with the resources of many modules merged rather than one copy kept.
 * Runs in {@code mvn verify} after {@code package} (failsafe), so it tests the built artifact, not the classes.
 * The jar starts from bean definitions generated at build time (Spring AOT), which the rest of the suite, run on
 * the classes, never uses: so the settings that used to be bean conditions are checked here, on both stores.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "cofre.jar");
    private static final String ADMIN_PASSWORD = "packaged-admin-pw";
    private static final String OPENAPI_DOCUMENT = "api/openapi.json";

    @TempDir
    Path dataDir;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void jarIsFlatAndMergesTheAutoConfigurationFilesAndLicencesOfEveryModule() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(CofreApplication.class.getName());
            assertThat(jar.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/"))).isFalse();

            String imports = read(jar, "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            assertThat(imports).contains("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                    "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
                    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration");
            // The OpenAPI document is served from a file (api/openapi.json); what builds it is a test dependency.
            assertThat(jar.getEntry(OPENAPI_DOCUMENT)).isNotNull();
            assertThat(jar.stream().map(JarEntry::getName).filter(name -> name.startsWith("org/springdoc/")
                    || name.startsWith("io/swagger/") || name.startsWith("org/hibernate/validator/"))).isEmpty();

            Properties metadata = new Properties();
            metadata.load(jar.getInputStream(jar.getEntry("META-INF/spring-autoconfigure-metadata.properties")));
            assertThat(metadata.stringPropertyNames()).anyMatch(k -> k.startsWith(
                    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
            assertThat(metadata.stringPropertyNames()).anyMatch(k -> k.startsWith(
                    "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"));

            assertThat(read(jar, "META-INF/spring.factories")).contains("dev.cofre.crypto.MasterKeyFailureAnalyzer",
                    "dev.cofre.audit.AuditJournalFailureAnalyzer",
                    "org.springframework.boot.diagnostics.FailureAnalyzer");
            assertThat(read(jar, "META-INF/services/java.sql.Driver")).contains("org.h2.Driver", "org.postgresql.Driver");
            assertThat(read(jar, "META-INF/NOTICE")).containsIgnoringCase("tomcat").containsIgnoringCase("jackson");
            assertThat(read(jar, "META-INF/LICENSE.md")).containsIgnoringCase("bouncy castle")
                    .containsIgnoringCase("eclipse");
        }
    }

    @Test
    void startedJarServesApiWebUiOpenApiAndTheSshGateway() throws Exception {
        int sshPort = ServerProcess.freePort();
        int port = start(sshPort);

        ApiClient admin = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        ApiClient.Response created = admin.post("/api/v1/credentials", Map.of("name", "packaged", "username", "root",
                "totp", Map.of("secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")));
        assertThat(created.status()).isEqualTo(201);
        ApiClient.Response token = admin.get("/api/v1/credentials/" + created.json().get("id").asString() + "/totp");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("code").asString()).matches("\\d{6}");
        assertThat(admin.get("/api/v1/audit/verify").json().get("valid").asBoolean()).isTrue();

        ApiClient anonymous = new ApiClient(port);
        ApiClient.Response login = anonymous.get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).startsWith("text/html");
        assertThat(login.body()).contains("<form");
        ApiClient.Response openApi = anonymous.get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().get("paths").has("/api/v1/credentials/{id}/totp")).isTrue();

        try (Socket ssh = new Socket()) {
            ssh.connect(new InetSocketAddress("127.0.0.1", sshPort), 5_000);
            ssh.setSoTimeout(10_000);
            InputStream in = ssh.getInputStream();
            byte[] banner = new byte[8];
            assertThat(in.readNBytes(banner, 0, 8)).isEqualTo(8);
            assertThat(new String(banner, StandardCharsets.US_ASCII)).isEqualTo("SSH-2.0-");
        }

        String log = Files.readString(dataDir.resolve("server.log"));
        assertThat(log).contains("Starting AOT-processed CofreApplication", "Started CofreApplication")
                .doesNotContain(" ERROR ").doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void jarStartedWithoutItsBuildTimeDefinitionsServesTheSameApi() throws Exception {
        int port = start(0);
        Map<String, Integer> aot = documentedOperations(port);
        stop();
        int plainPort = start(0, "-Dspring.aot.enabled=false");
        Map<String, Integer> plain = documentedOperations(plainPort);

        assertThat(Files.readString(dataDir.resolve("server.log"))).contains("Starting CofreApplication")
                .doesNotContain("AOT-processed");
        assertThat(aot).hasSizeGreaterThan(30);
        assertThat(aot.values()).as("every documented operation has a handler: %s", aot)
                .doesNotContain(404, 405).allMatch(status -> status < 500);
        assertThat(plain).isEqualTo(aot);
    }

    /**
     * Calls every operation of the served OpenAPI document as the admin, with "not-an-id" for each path variable
     * and an empty JSON object as the body of a POST or PUT, and returns what each answered: a handler says 200,
     * 204 or 400 (the id or the body rejected), a path nothing handles 404 or 405. Logout and MFA enrolment are
     * left out: they would change the caller's own sign-in.
     */
    private Map<String, Integer> documentedOperations(int port) {
        ApiClient admin = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        JsonNode paths = admin.get("/v3/api-docs").json().get("paths");
        Map<String, Integer> answers = new TreeMap<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                String operation = method.toUpperCase(Locale.ROOT) + " " + path;
                if (!operation.equals("POST /api/v1/auth/logout") && !operation.equals("POST /api/v1/users/me/mfa")) {
                    String concrete = path.replaceAll("\\{[^}/]+}", "not-an-id");
                    boolean body = method.equals("post") || method.equals("put");
                    answers.put(operation, admin.send(method.toUpperCase(Locale.ROOT), concrete,
                            body ? "application/json" : null, body ? "{}" : "").status());
                }
            }
        }
        return answers;
    }

    @Test
    void sshGatewayTurnedOffAtStartDoesNotListen() throws Exception {
        int sshPort = ServerProcess.freePort();
        int port = start(sshPort, "--cofre.ssh.enabled=false");

        assertThat(new ApiClient(port).login("admin", ADMIN_PASSWORD).get("/api/v1/credentials").status())
                .isEqualTo(200);
        try (Socket ssh = new Socket()) {
            assertThatThrownBy(() -> ssh.connect(new InetSocketAddress("127.0.0.1", sshPort), 2_000))
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(Files.readString(dataDir.resolve("server.log"))).contains("Starting AOT-processed")
                .doesNotContain("SSH gateway listening");
        assertThat(dataDir.resolve("ssh_host_ecdsa_key")).doesNotExist();
    }

    @Test
    void jarOnPostgresqlKeepsItsCredentialChangeListener() throws Exception {
        String url = PostgresDatabase.newDatabaseUrl();
        int port = start(0, "--spring.datasource.url=" + url);

        ApiClient admin = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        ApiClient.Response created = admin.post("/api/v1/credentials", Map.of("name", "on-postgres",
                "username", "root", "totp", Map.of("secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin.get("/api/v1/credentials/" + created.json().get("id").asString() + "/totp").status())
                .isEqualTo(200);
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement listeners = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE application_name = 'cofre-credential-listener' AND datname = current_database()")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long count = 0;
            while (count == 0 && System.nanoTime() < deadline) {
                try (ResultSet rs = listeners.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
                if (count == 0) {
                    Thread.sleep(100);
                }
            }
            assertThat(count).as("listening connections").isEqualTo(1);
        }
        assertThat(Files.readString(dataDir.resolve("server.log"))).contains("Starting AOT-processed")
                .doesNotContain(" ERROR ");
    }

    @Test
    void jarTrainedAsTheReadmeShowsStartsWithItsClassesFromTheArchive() throws Exception {
        // README, "Running in production": a training run that starts completely and is stopped writes the archive.
        Path archive = dataDir.resolve("cofre.jsa");
        start(0, "-XX:ArchiveClassesAtExit=" + archive);
        stop();
        assertThat(archive).exists();

        Path classLog = dataDir.resolve("classes.log");
        int port = start(0, "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load:file=" + classLog);
        assertThat(new ApiClient(port).login("admin", ADMIN_PASSWORD).get("/api/v1/credentials").status())
                .isEqualTo(200);
        List<String> loaded = Files.readAllLines(classLog);
        long fromArchive = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
        long fromJar = loaded.stream().filter(l -> l.contains("source: file:") && l.contains("cofre.jar")).count();
        assertThat(fromArchive).isGreaterThan(10_000);
        // Measured 15 (docs/BENCHMARKS.md); a training run that stopped before the web server left 1,523.
        assertThat(fromJar).isLessThan(300);
    }

    private int start(int sshPort, String... options) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(ServerProcess.java()));
        Arrays.stream(options).filter(o -> o.startsWith("-") && !o.startsWith("--")).forEach(command::add);
        command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + port, "--cofre.ssh.port=" + sshPort,
                "--cofre.data-dir=" + dataDir));
        Arrays.stream(options).filter(o -> o.startsWith("--")).forEach(command::add);
        server = ServerProcess.startAndAwaitHealthy(command, port, ADMIN_PASSWORD, dataDir.resolve("server.log"));
        return port;
    }

    private static String read(JarFile jar, String name) throws IOException {
        assertThat(jar.getEntry(name)).as(name).isNotNull();
        return new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
