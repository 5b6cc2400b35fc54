package dev.cofre.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.audit.Actor;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;
import dev.cofre.crypto.Barrier;
import dev.cofre.crypto.Binding;
import dev.cofre.crypto.Ciphertext;
import dev.cofre.crypto.Secret;
import dev.cofre.support.CofreServerTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSH sessions page and the recording player in a real headless Chromium.
 *
 * <p>Recordings are made without sshd: the gateway's store is package-private to {@code dev.cofre.session}, so
 * the sessions are inserted the way {@code GatewaySession.end} stores them: an {@code ssh_sessions} row whose
 * {@code recording_ct} is the asciicast sealed by the application's {@link Barrier} under
 * {@code Binding("session:<id>", "recording")}. The page then reads them through {@code SessionService}, as it
 * would a real session's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionPlayerBrowserIntegrationTests extends CofreServerTests {

    static final String FRANK_PASSWORD = "frank-password-1";

    /**
     * A short shell session: output before a clear screen (must disappear), a bold green prompt, a backspace that
     * turns "41" into "42", a long idle gap (capped at 2 s), a resize, a title sequence, and output that looks
     * like HTML (must stay text). JSON escapes are written as {@code \\u001b} so the file holds {@code \u001b}.
     */
    static final String RECORDING = String.join("\n",
            "{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":1767225600,\"title\":\"alice@web01\","
                    + "\"env\":{\"TERM\":\"xterm-256color\"}}",
            "[0.100000,\"o\",\"stale screen before the clear\\r\\n\"]",
            "[0.200000,\"o\",\"\\u001b[2J\\u001b[H\"]",
            "[0.300000,\"o\",\"\\u001b[1;32malice@web01\\u001b[0m:~$ \"]",
            "[0.500000,\"i\",\"echo hello from cofre\\r\"]",
            "[0.600000,\"o\",\"echo hello from cofre\\r\\nhello from cofre\\r\\n\"]",
            "[0.700000,\"o\",\"\\u001b[1;32malice@web01\\u001b[0m:~$ \"]",
            "[9.000000,\"o\",\"echo $((6*7))\\r\\n41\\b2\\r\\n\"]",
            "[9.100000,\"r\",\"100x30\"]",
            "[9.200000,\"o\",\"\\u001b]0;a title\\u0007<img src=x onerror=alert(1)>\\r\\n\"]",
            "[9.300000,\"o\",\"\\u001b[31mlogout\\u001b[m\\r\\n\"]",
            "");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Barrier barrier;
    @Autowired
    UserService users;

    private Browser browser;
    private UUID played;
    private UUID failed;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "web-sessions");
    }

    @BeforeAll
    void setUp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        played = insertSession("alice", "web01", "root", now.minus(10, ChronoUnit.MINUTES), now.minus(8, ChronoUnit.MINUTES),
                "ENDED", null, 0, 2380, 61, RECORDING);
        failed = insertSession("bob", "prod-db", "postgres", now.minus(30, ChronoUnit.MINUTES),
                now.minus(30, ChronoUnit.MINUTES).plusSeconds(3), "FAILED", "the target refused the login", null, 0, 0,
                null);
        insertSession("carol", "web01", "root", now.minus(2, ChronoUnit.MINUTES), null, null, null, null, 0, 0, null);
        users.create(Actor.system(), new UserDraft("frank", FRANK_PASSWORD, false, true, List.of()));
        browser = new Browser(port);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private UUID insertSession(String user, String credential, String targetUser, Instant started, Instant ended,
                               String outcome, String failure, Integer exit, long out, long in, String recording) {
        UUID id = UUID.randomUUID();
        byte[] sealed = null;
        if (recording != null) {
            try (Secret plain = Secret.ofUtf8(recording)) {
                Ciphertext ct = barrier.seal(plain, Binding.of("session:" + id, "recording"));
                sealed = ct.bytes();
            }
        }
        jdbc.sql("INSERT INTO ssh_sessions (id, user_id, username, credential_id, credential_name, target_host, "
                        + "target_port, target_username, kind, pty, client_ip, started_at, ended_at, outcome, failure, "
                        + "exit_status, bytes_out, bytes_in, recording_ct, recording_truncated) "
                        + "VALUES (?, NULL, ?, ?, ?, ?, 22, ?, 'shell', TRUE, '10.0.0.7', ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")
                .params(id, user, UUID.randomUUID(), credential, credential + ".internal", targetUser,
                        started.atOffset(ZoneOffset.UTC), ended == null ? null : ended.atOffset(ZoneOffset.UTC),
                        outcome, failure, exit, out, in, sealed)
                .update();
        return id;
    }

    @Test
    @Order(1)
    void auditorSeesTheSessionListWithItsFacts() {
        browser.login("admin", ADMIN_PASSWORD);
        browser.open("/admin/sessions");
        WebElement row = browser.visible(By.cssSelector("#session-table tr[data-session-id='" + played + "']"));
        assertThat(row.getText()).contains("alice").contains("web01").contains("root@web01.internal")
                .contains("2m 00s").contains("2.3 KB").contains("ENDED");
        WebElement failedRow = browser.driver.findElement(
                By.cssSelector("#session-table tr[data-session-id='" + failed + "']"));
        assertThat(failedRow.getText()).contains("bob").contains("FAILED").doesNotContain("Replay");
        assertThat(browser.driver.findElement(By.id("session-table")).getText()).contains("carol").contains("LIVE");
        assertThat(browser.driver.findElement(By.cssSelector(".side a[aria-current='page']")).getText())
                .isEqualTo("Sessions");
        assertThat(browser.cspViolations()).isEmpty();
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as("no sideways scrolling").isEqualTo(true);
        browser.screenshot("session-list");

        browser.open("/admin/sessions?user=bob");
        assertThat(browser.driver.findElements(By.cssSelector("#session-table tr[data-session-id]"))).hasSize(1);
        browser.open("/admin/sessions?credentialId=not-a-uuid");
        assertThat(browser.visible(By.id("filter-error")).getText()).contains("UUID");
    }

    @Test
    @Order(2)
    void playerReplaysTheRecordingAt4xAsTextOnly() {
        browser.open("/admin/sessions");
        browser.clickable(By.cssSelector("#session-table tr[data-session-id='" + played + "'] a.play-link")).click();
        browser.waitUpTo(10).until(d -> "paused".equals(
                d.findElement(By.id("player")).getAttribute("data-state")));
        assertThat(browser.driver.findElement(By.id("meta-size")).getText()).isEqualTo("80 × 24");
        assertThat(browser.driver.findElement(By.id("meta-term")).getText()).isEqualTo("xterm-256color");
        assertThat(browser.driver.findElement(By.id("meta-timestamp")).getText()).isEqualTo("2026-01-01 00:00:00 UTC");
        assertThat(browser.driver.findElement(By.id("meta-command")).getText()).isEqualTo("interactive shell");
        // The 8.3 s pause is capped at 2 s: 0.7 + 2 + 0.3 = 3.0 s in all.
        assertThat(browser.driver.findElement(By.id("player-time")).getText()).isEqualTo("0:00 / 0:03");

        browser.clickable(By.cssSelector("button[data-speed='4']")).click();
        long start = System.nanoTime();
        browser.clickable(By.id("player-play")).click();
        browser.waitUpTo(15).until(d -> "ended".equals(d.findElement(By.id("player")).getAttribute("data-state")));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("3 s at 4x").isLessThan(5.0);

        WebElement screen = browser.driver.findElement(By.id("player-screen"));
        String text = screen.getText();
        assertThat(text).contains("hello from cofre").contains("42").contains("logout")
                .contains("<img src=x onerror=alert(1)>")
                .doesNotContain("stale screen").doesNotContain("41").doesNotContain("a title");
        assertThat(screen.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.script("return document.querySelectorAll('main img, main script').length;"))
                .isEqualTo(0L);
        assertThat(screen.findElements(By.cssSelector("span.f10.t-bold")).get(0).getText()).isEqualTo("alice@web01");
        assertThat(screen.findElements(By.cssSelector("span.f1")).get(0).getText()).isEqualTo("logout");
        // The "r" event resized the box.
        assertThat(browser.script("return getComputedStyle(document.getElementById('player-screen'))"
                + ".getPropertyValue('--cols').trim();")).isEqualTo("100");
        assertThat(browser.driver.findElement(By.id("player-time")).getText()).isEqualTo("0:03 / 0:03");
        assertThat(browser.cspViolations()).isEmpty();
        browser.script("var p = document.getElementById('player');"
                + "window.scrollTo(0, p.getBoundingClientRect().top + window.scrollY - 72);");
        browser.screenshot("session-player");

        // Seeking back to the start shows the screen before the clear again.
        browser.script("var s = document.getElementById('player-seek'); s.value = '40';"
                + "s.dispatchEvent(new Event('input'));");
        assertThat(browser.driver.findElement(By.id("player-screen")).getText()).contains("stale screen")
                .doesNotContain("hello from cofre");
    }

    @Test
    @Order(3)
    void recordingIsServedOnlyToAuditorsAndNeverCached() throws Exception {
        WebSession admin = new WebSession(port);
        admin.login("admin", ADMIN_PASSWORD);
        HttpResponse<String> r = admin.get("/admin/sessions/" + played + "/recording");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(RECORDING);
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-asciicast");
        assertThat(r.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
        assertThat(admin.get("/admin/sessions/" + failed).body()).contains("no recording")
                .contains("the target refused the login");
        assertThat(admin.getJson("/admin/sessions/" + failed + "/recording").statusCode()).isEqualTo(404);

        WebSession frank = new WebSession(port);
        frank.login("frank", FRANK_PASSWORD);
        for (String path : List.of("/admin/sessions", "/admin/sessions/" + played,
                "/admin/sessions/" + played + "/recording", "/admin/sessions?credentialId=bad")) {
            HttpResponse<String> denied = frank.get(path);
            assertThat(denied.statusCode()).as(path).isEqualTo(403);
            assertThat(denied.body()).doesNotContain("hello from cofre").doesNotContain("alice");
        }
        assertThat(frank.get("/pam/credentials").body()).doesNotContain("/admin/sessions");
    }

    @Test
    @Order(4)
    void myAccountAddsAnSshKeyFromTheBrowserAndShowsHowToConnect() throws Exception {
        browser.open("/account");
        String line = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                AccountSshKeysIntegrationTests.newEcKey());
        browser.visible(By.id("key-name")).sendKeys("work laptop");
        browser.driver.findElement(By.id("public-key")).sendKeys(line);
        browser.driver.findElement(By.id("ssh-key-add")).click();
        // The add reloads the page: wait for the new page's table (the old page may have had one too).
        String tableText = browser.waitUpTo(10).ignoring(StaleElementReferenceException.class).until(d -> {
            String text = d.findElement(By.id("ssh-key-table")).getText();
            return text.contains("work laptop") ? text : null;
        });
        assertThat(tableText).contains("ecdsa-sha2-nistp256").contains("SHA256:");
        assertThat(browser.driver.findElement(By.id("ssh-command")).getText())
                .matches("ssh -p \\d+ 'admin@<credential name>'@127\\.0\\.0\\.1");
        assertThat(browser.cspViolations()).isEmpty();
        browser.script("var p = document.getElementById('ssh-keys');"
                + "window.scrollTo(0, p.getBoundingClientRect().top + window.scrollY - 72);");
        browser.screenshot("account-ssh-keys");
    }
}
