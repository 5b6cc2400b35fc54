package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Known answers for the chain: every stored hash depends on the canonical encoding, so these bytes and links were
 * recorded from the original implementation and must never change (old trails must keep verifying).
 */
class AuditChainTests {

    private static final HexFormat HEX = HexFormat.of();

    static final AuditEvent FULL = new AuditEvent(42, Instant.parse("2024-05-06T07:08:09.123456Z"), "alice",
            UUID.fromString("0b9c6f1e-2d3a-4c5b-8e7f-a1b2c3d4e5f6"), "token:abc", AuditAction.TOKEN_VIEW,
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "srv-1", AuditOutcome.SUCCESS, "10.0.0.1",
            "curl/8", "detail");
    static final AuditEvent NULLS = new AuditEvent(43, Instant.parse("1969-12-31T23:59:59.999999Z"), null, null,
            null, AuditAction.LOGIN, null, null, AuditOutcome.FAILURE, null, null, null);
    static final AuditEvent UNICODE = new AuditEvent(1234567890123L, Instant.parse("2031-01-02T03:04:05Z"),
            "jos\u00e9 \u00fc\u20ac\uD83D\uDE00", null, "", AuditAction.AUDIT_VERIFY, null, "t\u00e4rget",
            AuditOutcome.DENIED, "::1", "Mozilla/5.0 (\u65e5\u672c)", "");

    private static AuditChain chain() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return new AuditChain(key);
    }

    @Test
    void canonicalBytesAreThoseOfTheFirstRelease() {
        assertThat(HEX.formatHex(AuditChain.canonical(FULL))).isEqualTo(
                "00000000027631000000000234320000000010313731343937393238393132333435360000000005616c696365000000002430623963366631652d326433612d346335622d386537662d6131623263336434653566360000000009746f6b656e3a616263000000000a544f4b454e5f56494557000000002431323365343536372d653839622d313264332d613435362d34323636313431373430303000000000057372762d31000000000753554343455353000000000831302e302e302e3100000000066375726c2f38000000000664657461696c");
        assertThat(HEX.formatHex(AuditChain.canonical(NULLS))).isEqualTo(
                "000000000276310000000002343300000000022d31ffffff00000000054c4f47494effff00000000074641494c555245ffffff");
        assertThat(HEX.formatHex(AuditChain.canonical(UNICODE))).isEqualTo(
                "00000000027631000000000d31323334353637383930313233000000001031393235303839343435303030303030000000000f6a6f73c3a920c3bce282acf09f9880ff0000000000000000000c41554449545f564552494659ff000000000774c3a472676574000000000644454e49454400000000033a3a3100000000144d6f7a696c6c612f352e302028e697a5e69cac290000000000");
    }

    @Test
    void linksAreThoseOfTheFirstRelease() {
        AuditChain chain = chain();
        byte[] h1 = chain.link(AuditChain.GENESIS, FULL);
        byte[] h2 = chain.link(h1, NULLS);
        byte[] h3 = chain.link(h2, UNICODE);
        assertThat(HEX.formatHex(h1)).isEqualTo("a3fa85d9d1b5b452921a7b10b21bae1337281a91e1fa18a7993e133d98e56afa");
        assertThat(HEX.formatHex(h2)).isEqualTo("10e0cba8db50f54f7b7588d5c2dcc1237a17da92fed44fd32a505518693b9d6a");
        assertThat(HEX.formatHex(h3)).isEqualTo("f0da9640790921729f4817774e5a6931cc6ff0ea11db97ba2a29243946d9a768");
    }

    @Test
    void oneLinkerGivesTheSameLinksRecordAfterRecord() {
        AuditChain chain = chain();
        AuditChain.Linker linker = chain.linker();
        byte[] previous = AuditChain.GENESIS;
        for (AuditEvent e : new AuditEvent[] {UNICODE, FULL, NULLS, FULL, UNICODE}) {
            byte[] link = linker.link(previous, e);
            assertThat(link).isEqualTo(chain.link(previous, e));
            previous = link;
        }
    }
}
