package dev.cofre.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cofre.CofreApplication;
import dev.cofre.support.ApiClient;
import dev.cofre.support.ServerProcess;

/**
 * A write that was answered must survive the server being killed (SIGKILL, no shutdown hooks) right after the
 * answer, on the embedded H2 storage, whose commits otherwise wait up to half a second in memory.
 */
class KilledServerDurabilityIntegrationTests {

    private static final String ADMIN_PASSWORD = "durability-admin-pw";

    @TempDir
    Path dataDir;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void answeredCredentialWritesAndTheirAuditRecordsSurviveAKillRightAfterTheAnswer() throws Exception {
        int port = start();
        ApiClient admin = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ApiClient.Response created = admin.post("/api/v1/credentials", Map.of("name", "kept-" + i,
                    "username", "root", "password", "pw-" + i, "totp",
                    Map.of("secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")));
            assertThat(created.status()).isEqualTo(201);
            ids.add(created.json().get("id").asString());
        }
        ApiClient.Response renamed = admin.put("/api/v1/credentials/" + ids.get(0),
                Map.of("name", "renamed-0", "username", "root"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/credentials/" + ids.get(1) + "/totp").status()).isEqualTo(200);
        kill();

        ApiClient after = new ApiClient(start()).login("admin", ADMIN_PASSWORD);

        for (String id : ids) {
            assertThat(after.get("/api/v1/credentials/" + id).status()).as("credential %s", id).isEqualTo(200);
        }
        assertThat(after.get("/api/v1/credentials/" + ids.get(0)).json().get("name").asString())
                .isEqualTo("renamed-0");
        assertThat(after.get("/api/v1/credentials/" + ids.get(1) + "/password").json().get("password")
                .asString()).isEqualTo("pw-1");
        assertThat(after.get("/api/v1/audit?action=TOKEN_VIEW&credentialId=" + ids.get(1)).json().get("total")
                .asLong()).isEqualTo(1);
        assertThat(after.get("/api/v1/audit?action=CREDENTIAL_CREATE").json().get("total").asLong()).isEqualTo(5);
        assertThat(after.get("/api/v1/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void everyAnsweredTokenViewIsInTheTrailAfterAKillEvenWhenOnlyTheJournalHeldIt() throws Exception {
        // No timed checkpoint: what H2 had not stored by itself is restored from the audit journal at the restart.
        int port = start("--cofre.audit.checkpoint-interval=1d");
        ApiClient admin = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        ApiClient.Response created = admin.post("/api/v1/credentials", Map.of("name", "viewed", "username", "root",
                "totp", Map.of("secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")));
        String id = created.json().get("id").asString();
        int answered = 0;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> views = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                views.add(pool.submit(() -> admin.get("/api/v1/credentials/" + id + "/totp").status()));
            }
            for (java.util.concurrent.Future<Integer> view : views) {
                assertThat(view.get()).isEqualTo(200);
                answered++;
            }
        } finally {
            pool.shutdownNow();
        }
        kill();

        ApiClient after = new ApiClient(start()).login("admin", ADMIN_PASSWORD);

        assertThat(after.get("/api/v1/audit?action=TOKEN_VIEW&credentialId=" + id).json().get("total").asLong())
                .isEqualTo(answered);
        assertThat(after.get("/api/v1/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    /** Starts Cofre in a JVM of its own on the data dir and waits until it answers. */
    private int start(String... options) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(ServerProcess.java(), "-cp",
                System.getProperty("java.class.path"), CofreApplication.class.getName(),
                "--server.port=" + port, "--cofre.ssh.port=0", "--cofre.data-dir=" + dataDir));
        command.addAll(List.of(options));
        server = ServerProcess.startAndAwaitHealthy(command, port, ADMIN_PASSWORD,
                Files.createTempFile("cofre-durability", ".log"));
        return port;
    }

    private void kill() throws InterruptedException {
        server.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
