package dev.cofre.web;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.audit.Actor;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;
import dev.cofre.policy.PolicyDraft;
import dev.cofre.policy.PolicyService;
import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Oathtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential form in a real browser: errors next to the field with the typed input kept (never a secret),
 * QR-code upload decoded on the server, password reveal, and what a user with fewer permissions sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CredentialFormBrowserIntegrationTests extends CofreServerTests {

    static final String QR_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA";
    static final String BOB_PASSWORD = "bob-password-for-tests";

    @Autowired
    UserService users;
    @Autowired
    PolicyService policies;

    private Browser browser;
    private String opsId;
    private String prodId;
    private String secretId;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "web-form");
    }

    @BeforeAll
    void setUp() {
        ApiClient api = new ApiClient(port).login("admin", ADMIN_PASSWORD);
        opsId = WebTestData.createCredential(api, "ops-router", "JBSWY3DPEHPK3PXP", 30, List.of("ops"));
        prodId = WebTestData.createCredential(api, "prod-db", "JBSWY3DPEHPK3PXP", 30, List.of("prod"));
        secretId = WebTestData.createCredential(api, "secret-db", null, 30, List.of("prod"));
        users.create(Actor.system(), new UserDraft("bob", BOB_PASSWORD, false, true, List.of()));
        policies.createPolicy(Actor.system(), new PolicyDraft("bob sees ops tokens", null, List.of("user:bob"),
                List.of("tag:ops"), List.of("START_SESSION")));
        browser = new Browser(port);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void invalidInputIsShownNextToItsFieldKeepsWhatWasTypedButNeverTheSecretAndSavesNothing() {
        browser.login("admin", ADMIN_PASSWORD);
        browser.open("/pam/credentials/new");
        browser.visible(By.id("name")).sendKeys("bad-port");
        browser.driver.findElement(By.id("username")).sendKeys("deploy");
        browser.driver.findElement(By.id("port")).sendKeys("99999");
        browser.driver.findElement(By.id("totpSecret")).sendKeys("jbsw y3dp ehpk 3pxp");
        browser.driver.findElement(By.id("save-button")).click();

        WebElement error = browser.visible(By.id("port-error"));
        assertThat(error.getText()).contains("between 1 and 65535");
        assertThat(browser.driver.findElement(By.id("port")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver.findElement(By.id("name")).getAttribute("value")).isEqualTo("bad-port");
        assertThat(browser.driver.findElement(By.id("username")).getAttribute("value")).isEqualTo("deploy");
        assertThat(browser.driver.findElement(By.id("port")).getAttribute("value")).isEqualTo("99999");
        assertThat(browser.driver.findElement(By.id("totpSecret")).getAttribute("value")).isEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContainIgnoringCase("y3dp");
        browser.screenshot("form-validation-error");

        // A secret with a character outside Base32: the error is next to the secret field.
        WebElement port = browser.driver.findElement(By.id("port"));
        port.clear();
        port.sendKeys("2222");
        browser.driver.findElement(By.id("totpSecret")).sendKeys("JBSW Y3DP EHPK 3PX1");
        browser.driver.findElement(By.id("save-button")).click();
        assertThat(browser.visible(By.id("totpSecret-error")).getText()).isNotBlank();
        assertThat(browser.driver.getPageSource()).doesNotContain("3PX1");

        browser.open("/pam/credentials?q=bad-port");
        assertThat(browser.driver.findElements(By.cssSelector("#credentials-table tbody tr[data-id]"))).isEmpty();
    }

    @Test
    @Order(2)
    void lowerCaseSecretWithSpacesIsNormalizedAndTheSavedFormNeverEchoesIt() {
        browser.open("/pam/credentials/new");
        browser.visible(By.id("name")).sendKeys("typed-secret");
        browser.driver.findElement(By.id("totpSecret")).sendKeys("krug kidr ovuw g2za mjzg 653o ebtg 66ba");
        browser.driver.findElement(By.id("save-button")).click();
        WebElement flash = browser.visible(By.cssSelector(".alert.success"));
        assertThat(flash.getText()).contains("32 characters").doesNotContain("KRUG");
        assertThat(browser.driver.getPageSource()).doesNotContainIgnoringCase("KRUG");
        browser.waitUpTo(10).until(d -> "true".equals(
                d.findElement(By.id("token-widget")).getAttribute("data-ready")));
        assertShownTokenMatches(QR_SECRET);
    }

    @Test
    @Order(3)
    void qrCodeImageUploadIsDecodedOnTheServerAndItsTokenMatchesOathtool() throws Exception {
        Path png = qrPng("otpauth://totp/Example:alice@example.com?secret=" + QR_SECRET + "&issuer=Example");
        browser.open("/pam/credentials/new");
        browser.visible(By.id("name")).sendKeys("from-qr");
        browser.driver.findElement(By.id("totpQr")).sendKeys(png.toAbsolutePath().toString());
        browser.driver.findElement(By.id("save-button")).click();
        browser.visible(By.id("details-dialog"));
        browser.waitUpTo(10).until(d -> "true".equals(
                d.findElement(By.id("token-widget")).getAttribute("data-ready")));
        assertShownTokenMatches(QR_SECRET);
        assertThat(browser.driver.findElement(By.id("details-dialog")).getText()).contains("Example / alice@example.com");

        // A QR code that is not an otpauth://totp URI is a field error.
        Path other = qrPng("https://example.com/not-a-totp-key");
        browser.open("/pam/credentials/new");
        browser.visible(By.id("name")).sendKeys("bad-qr");
        browser.driver.findElement(By.id("totpQr")).sendKeys(other.toAbsolutePath().toString());
        browser.driver.findElement(By.id("save-button")).click();
        assertThat(browser.visible(By.id("totpQr-error")).getText()).contains("otpauth://totp/");
        assertThat(browser.driver.findElement(By.id("name")).getAttribute("value")).isEqualTo("bad-qr");
    }

    @Test
    @Order(4)
    void viewPasswordRevealsItInPlaceAndEditAndDeleteWork() {
        browser.open("/pam/credentials/" + prodId);
        browser.clickable(By.id("view-password")).click();
        WebElement value = browser.visible(By.id("password-value"));
        browser.waitUpTo(5).until(ExpectedConditions.textToBePresentInElement(value, "pw-prod-db-S3cret!"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/pam/credentials/" + prodId);

        browser.open("/pam/credentials/" + prodId + "/edit");
        WebElement host = browser.visible(By.id("host"));
        host.clear();
        host.sendKeys("prod-db.example.net");
        browser.driver.findElement(By.id("save-button")).click();
        assertThat(browser.visible(By.cssSelector(".alert.success")).getText()).contains("saved");
        // The password was left empty, so it was kept.
        browser.clickable(By.id("view-password")).click();
        browser.waitUpTo(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("password-value"),
                "pw-prod-db-S3cret!"));

        browser.open("/pam/credentials/" + prodId + "/delete");
        browser.clickable(By.id("confirm-delete")).click();
        assertThat(browser.visible(By.cssSelector(".alert.success")).getText()).contains("deleted");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-id='" + prodId + "']"))).isEmpty();
    }

    @Test
    @Order(5)
    void phoneWidthLayoutShowsTheListAndThePopup() {
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.open("/pam/credentials");
            browser.visible(By.id("credentials-table"));
            browser.screenshot("phone-credentials-list");
            browser.open("/pam/credentials/" + opsId);
            browser.waitUpTo(10).until(d -> "true".equals(
                    d.findElement(By.id("token-widget")).getAttribute("data-ready")));
            assertThat(browser.driver.findElement(By.id("token-code")).isDisplayed()).isTrue();
            browser.screenshot("phone-details-popup");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1366, 900));
        }
        browser.open("/pam/credentials");
        browser.logout();
    }

    @Test
    @Order(6)
    void userWithOnlyStartSessionSeesTheirCredentialAndTokenButNoEditNoPasswordAndNothingElse() {
        browser.login("bob", BOB_PASSWORD);
        browser.open("/pam/credentials");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#credentials-table tbody tr[data-id]"));
        assertThat(rows).extracting(r -> r.getAttribute("data-id")).containsExactly(opsId);
        WebElement actions = rows.get(0).findElement(By.cssSelector(".actions-button"));
        actions.click();
        WebElement menu = browser.visible(By.id("actions-" + opsId));
        assertThat(menu.getText()).contains("Details").doesNotContain("Edit").doesNotContain("Delete");
        menu.findElement(By.linkText("Details")).click();
        browser.waitUpTo(10).until(d -> "true".equals(
                d.findElement(By.id("token-widget")).getAttribute("data-ready")));
        assertThat(browser.driver.findElements(By.id("view-password"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("details-edit"))).isEmpty();
        assertThat(browser.driver.findElement(By.id("products-menu")).getAttribute("textContent"))
                .doesNotContain("Administration");

        browser.open("/pam/credentials/" + opsId + "/edit");
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("You do not have access");
        browser.open("/pam/credentials/" + secretId);
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Page not found");
        browser.open("/admin/users");
        assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("You do not have access");
        browser.open("/pam/credentials");
        browser.logout();
    }

    private void assertShownTokenMatches(String secret) {
        String code = browser.driver.findElement(By.id("token-code")).getAttribute("data-code");
        long validFrom = Long.parseLong(browser.driver.findElement(By.id("token-widget"))
                .getAttribute("data-valid-from")) / 1000;
        assertThat(code).isEqualTo(Oathtool.totp(secret, "SHA1", 6, 30, validFrom));
    }

    private static Path qrPng(String text) throws Exception {
        BufferedImage image = MatrixToImageWriter.toBufferedImage(
                new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 300, 300, Map.of()));
        Path file = Files.createTempFile("cofre-qr-", ".png");
        ImageIO.write(image, "PNG", file.toFile());
        return file;
    }
}
