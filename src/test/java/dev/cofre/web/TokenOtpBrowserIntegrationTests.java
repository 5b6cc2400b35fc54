package dev.cofre.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Oathtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' path in a real browser: Products → PAM Core → Credentials → All credentials → Actions → Details →
 * Token OTP, checked against oathtool; renewal at the period boundary without a reload; refresh early and late;
 * copy; a browser clock seven minutes off; sign-out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenOtpBrowserIntegrationTests extends CofreServerTests {

    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final String FAST_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static final int FAST_PERIOD = 15;

    private Browser browser;
    private String githubId;
    private String fastId;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "web-token");
    }

    @BeforeAll
    void startBrowser() {
        browser = new Browser(port);
        ApiClient api = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        githubId = WebTestData.createCredential(api, "github-ops", SECRET, 30, List.of("prod", "social"));
        fastId = WebTestData.createCredential(api, "fast-otp", FAST_SECRET, FAST_PERIOD, List.of("lab"));
        WebTestData.createCredential(api, "db-no-totp", null, 30, List.of("prod"));
        browser.login("admin", ADMIN_PASSWORD);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void seedsPathLeadsToTheTokenOtpWhichMatchesOathtool() {
        browser.open("/pam/credentials/new");
        // 1. hover over Products and select PAM Core
        WebElement products = browser.visible(By.id("products-button"));
        new Actions(browser.driver).moveToElement(products).perform();
        WebElement pamCore = browser.visible(By.xpath(
                "//ul[@id='products-menu']//a[@role='menuitem'][span[normalize-space()='PAM Core']]"));
        assertThat(products.getAttribute("aria-expanded")).isEqualTo("true");
        pamCore.click();
        // 2. side menu Credentials > All credentials
        WebElement group = browser.visible(By.id("side-credentials-button"));
        assertThat(group.getText()).isEqualTo("Credentials");
        if (!"true".equals(group.getAttribute("aria-expanded"))) {
            group.click();
        }
        browser.clickable(By.linkText("All credentials")).click();
        browser.visible(By.id("credentials-table"));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("All credentials");
        assertThat(browser.driver.findElements(By.cssSelector("#credentials-table tbody tr"))).hasSize(3);
        browser.screenshot("credentials-list");
        // 3. Actions column: Actions > Details
        WebElement row = browser.driver.findElement(By.cssSelector("tr[data-id='" + githubId + "']"));
        WebElement actions = row.findElement(By.cssSelector(".actions-button"));
        assertThat(actions.getText()).isEqualTo("Actions");
        actions.click();
        assertThat(actions.getAttribute("aria-expanded")).isEqualTo("true");
        browser.clickable(By.cssSelector("#actions-" + githubId + " .details-link")).click();
        // 4. the pop-up's top bar shows the Token OTP
        WebElement dialog = browser.visible(By.id("details-dialog"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/pam/credentials/" + githubId);
        assertThat(dialog.getAttribute("aria-modal")).isEqualTo("true");
        assertThat(dialog.getAttribute("role")).isEqualTo("dialog");
        assertThat(dialog.findElement(By.id("token-label")).getText()).isEqualToIgnoringCase("Token OTP");
        assertThat(browser.script("return document.getElementById('details-dialog').matches(':modal')"))
                .isEqualTo(true);
        assertTokenMatchesOathtool(SECRET, 30);
        assertThat(browser.driver.findElement(By.id("token-code")).getText()).matches("\\d{3} \\d{3}");
        assertThat(Integer.parseInt(browser.driver.findElement(By.id("token-seconds")).getText())).isBetween(1, 30);
        assertThat(browser.driver.findElement(By.id("token-refresh")).getAttribute("aria-label"))
                .isEqualTo("Refresh token");
        browser.screenshot("details-popup");
        assertThat(browser.cspViolations()).isEmpty();
    }

    @Test
    @Order(2)
    void detailsPopupHasItsOwnUrlSurvivesReloadAndClosesWithEscapeBackToTheList() {
        browser.open("/pam/credentials/" + githubId);
        browser.visible(By.id("details-dialog"));
        browser.driver.navigate().refresh();
        browser.visible(By.id("details-dialog"));
        browser.waitUpTo(10).until(d -> "true".equals(
                d.findElement(By.id("token-widget")).getAttribute("data-ready")));
        browser.script("window.__noReload = 'still here';");
        // Focus stays inside the dialog while tabbing.
        for (int i = 0; i < 12; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            assertThat(browser.script("return document.getElementById('details-dialog')"
                    + ".contains(document.activeElement)")).isEqualTo(true);
        }
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.waitUpTo(5).until(ExpectedConditions.invisibilityOfElementLocated(By.id("details-dialog")));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/pam/credentials");
        assertThat(browser.script("return window.__noReload")).isEqualTo("still here");
        browser.driver.navigate().back();
        browser.visible(By.id("details-dialog"));
    }

    @Test
    @Order(3)
    void tokenRenewsAtThePeriodBoundaryWithoutReloadAndRefreshShowsTheNextTokenOnlyWhenItExists() {
        browser.open("/pam/credentials/" + fastId);
        browser.waitUpTo(10).until(d -> "true".equals(
                d.findElement(By.id("token-widget")).getAttribute("data-ready")));
        browser.script("window.__noReload = 'same document';");

        // Early in the period (more than next-window=10 s left): the next token does not exist yet.
        waitForPhase(0, 2);
        // The page renews on its own timer: read the code only once it shows this period's token.
        long periodStart = System.currentTimeMillis() / 1000 / FAST_PERIOD * FAST_PERIOD;
        browser.waitUpTo(3).until(d -> Long.parseLong(widget().getAttribute("data-valid-from")) / 1000 >= periodStart);
        String before = code();
        browser.clickable(By.id("token-refresh")).click();
        browser.waitUpTo(5).until(ExpectedConditions.textToBe(By.id("token-status"),
                "Next token not yet available"));
        assertThat(code()).isEqualTo(before);
        assertThat(browser.driver.findElement(By.id("token-next")).isDisplayed()).isFalse();

        // In the last seconds: refresh shows the next token early, marked "next".
        waitForPhase(FAST_PERIOD - 8, FAST_PERIOD - 3);
        browser.clickable(By.id("token-refresh")).click();
        browser.waitUpTo(5).until(d -> "next".equals(widget().getAttribute("data-showing")));
        assertThat(browser.driver.findElement(By.id("token-next")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("token-next")).getText()).isEqualToIgnoringCase("next");
        long nextFrom = Long.parseLong(widget().getAttribute("data-valid-from")) / 1000;
        assertThat(nextFrom % FAST_PERIOD).isZero();
        assertThat(nextFrom * 1000).as("the next token starts in the future").isGreaterThan(System.currentTimeMillis());
        assertThat(code()).isEqualTo(Oathtool.totp(FAST_SECRET, "SHA1", 6, FAST_PERIOD, nextFrom));
        String early = code();

        // At the boundary the page renews by itself; the early "next" token is now the current one.
        browser.waitUpTo(FAST_PERIOD + 5).until(d ->
                Long.parseLong(widget().getAttribute("data-valid-from")) / 1000 >= nextFrom
                        && "current".equals(widget().getAttribute("data-showing")));
        assertThat(code()).isEqualTo(early);
        assertTokenMatchesOathtool(FAST_SECRET, FAST_PERIOD);
        assertThat(browser.driver.findElement(By.id("token-next")).isDisplayed()).isFalse();

        // And once more without any click, a full period later.
        long second = Long.parseLong(widget().getAttribute("data-valid-from")) / 1000;
        browser.waitUpTo(FAST_PERIOD + 5).until(d ->
                Long.parseLong(widget().getAttribute("data-valid-from")) / 1000 >= second + FAST_PERIOD);
        assertTokenMatchesOathtool(FAST_SECRET, FAST_PERIOD);
        assertThat(browser.script("return window.__noReload")).isEqualTo("same document");
        assertThat(browser.cspViolations()).isEmpty();
    }

    @Test
    @Order(4)
    void copyButtonPutsTheDigitsWithoutSpacesOnTheClipboard() {
        browser.open("/pam/credentials/" + githubId);
        browser.waitUpTo(10).until(d -> "true".equals(
                d.findElement(By.id("token-widget")).getAttribute("data-ready")));
        String shown = code();
        browser.clickable(By.id("token-copy")).click();
        browser.waitUpTo(5).until(ExpectedConditions.textToBe(By.id("token-copy-label"), "Copied"));
        Object clip = browser.driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.readText().then(done, function (e) { done('ERROR ' + e); });");
        assertThat(clip).isEqualTo(shown);
        assertThat((String) clip).matches("\\d{6}");
    }

    @Test
    @Order(5)
    void aBrowserClockSevenMinutesBehindStillShowsTheServersToken() {
        try (Browser shifted = new Browser(port)) {
            shifted.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "(function () { var shift = -7 * 60 * 1000; var Real = Date;"
                            + " function Shifted() { var a = Array.prototype.slice.call(arguments);"
                            + "   if (!(this instanceof Shifted)) { return new Real(Real.now() + shift).toString(); }"
                            + "   return a.length ? new (Function.prototype.bind.apply(Real, [null].concat(a)))()"
                            + "     : new Real(Real.now() + shift); }"
                            + " Shifted.prototype = Real.prototype; Shifted.now = function () { return Real.now() + shift; };"
                            + " Shifted.UTC = Real.UTC; Shifted.parse = Real.parse; window.Date = Shifted; })();"));
            shifted.login("admin", ADMIN_PASSWORD);
            shifted.open("/pam/credentials/" + githubId);
            long browserNow = ((Number) shifted.script("return Date.now();")).longValue();
            assertThat(System.currentTimeMillis() - browserNow).isBetween(6 * 60_000L, 8 * 60_000L);
            shifted.waitUpTo(10).until(d -> "true".equals(
                    d.findElement(By.id("token-widget")).getAttribute("data-ready")));
            long offset = Long.parseLong(shifted.driver.findElement(By.id("token-widget"))
                    .getAttribute("data-clock-offset"));
            assertThat(offset).isBetween(7 * 60_000L - 5_000, 7 * 60_000L + 5_000);
            String code = shifted.driver.findElement(By.id("token-code")).getAttribute("data-code");
            long validFrom = Long.parseLong(shifted.driver.findElement(By.id("token-widget"))
                    .getAttribute("data-valid-from")) / 1000;
            assertThat(code).isEqualTo(Oathtool.totp(SECRET, "SHA1", 6, 30, validFrom));
            assertThat(Math.abs(System.currentTimeMillis() / 1000 - validFrom)).isLessThan(35);
            int seconds = Integer.parseInt(shifted.driver.findElement(By.id("token-seconds")).getText());
            long expected = 30 - (System.currentTimeMillis() / 1000) % 30;
            assertThat(Math.abs(seconds - expected) <= 2 || Math.abs(seconds - expected) >= 28).isTrue();
        }
    }

    @Test
    @Order(6)
    void credentialWithoutTotpSaysSoAndSignOutEndsTheSession() {
        browser.open("/pam/credentials");
        String id = browser.driver.findElement(By.xpath("//tr[td//span[text()='db-no-totp']]")).getAttribute("data-id");
        browser.open("/pam/credentials/" + id);
        WebElement none = browser.visible(By.id("token-none"));
        assertThat(none.getText()).contains("No TOTP secret configured");
        assertThat(browser.driver.findElement(By.id("add-totp")).getText()).isEqualTo("Add a TOTP secret");
        browser.open("/pam/credentials");
        browser.logout();
        assertThat(browser.driver.findElement(By.cssSelector(".alert.info")).getText()).contains("signed out");
        browser.open("/pam/credentials");
        browser.waitUpTo(5).until(ExpectedConditions.urlContains("/login"));
        browser.login("admin", ADMIN_PASSWORD);
    }

    private WebElement widget() {
        return browser.driver.findElement(By.id("token-widget"));
    }

    private String code() {
        return browser.driver.findElement(By.id("token-code")).getAttribute("data-code");
    }

    private void assertTokenMatchesOathtool(String secret, int period) {
        browser.waitUpTo(10).until(d -> "true".equals(widget().getAttribute("data-ready")));
        String shown = code();
        long validFrom = Long.parseLong(widget().getAttribute("data-valid-from")) / 1000;
        assertThat(validFrom % period).isZero();
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - validFrom)).isLessThanOrEqualTo(period + 2);
        assertThat(shown).isEqualTo(Oathtool.totp(secret, "SHA1", 6, period, validFrom));
    }

    /** Waits (at most one period) until the server clock is between {@code from} and {@code to} s into a period. */
    private void waitForPhase(int from, int to) {
        browser.waitUpTo(FAST_PERIOD + 3).withTimeout(Duration.ofSeconds(FAST_PERIOD + 3)).until(d -> {
            long phase = (System.currentTimeMillis() / 1000) % FAST_PERIOD;
            return phase >= from && phase <= to;
        });
    }
}
