package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPatternTests {

    @Test
    void globWithLiteralPrefixAndSuffixKeepsBoth() {
        HostPattern p = HostPattern.parse("host-1%.dc1.example.net");
        assertThat(p.prefix()).isEqualTo("host-1");
        assertThat(p.suffix()).isEqualTo(".dc1.example.net");
        assertThat(p.exact()).isFalse();
    }

    @Test
    void suffixOnlyGlobHasAnEmptyPrefixAndAReversedPattern() {
        HostPattern p = HostPattern.parse("%.prod.example.com");
        assertThat(p.prefix()).isEmpty();
        assertThat(p.suffix()).isEqualTo(".prod.example.com");
        assertThat(p.reversedLike()).isEqualTo("moc.elpmaxe.dorp.%");
    }

    @Test
    void infixGlobHasNeitherPrefixNorSuffix() {
        HostPattern p = HostPattern.parse("%db%");
        assertThat(p.prefix()).isEmpty();
        assertThat(p.suffix()).isEmpty();
        assertThat(p.exact()).isFalse();
    }

    @Test
    void globWithoutWildcardIsAnExactHost() {
        HostPattern p = HostPattern.parse("db1.example.com");
        assertThat(p.exact()).isTrue();
        assertThat(p.prefix()).isEqualTo("db1.example.com");
    }

    @Test
    void escapedPercentAndUnderscoreAreLiteralsEverywhere() {
        // Selector.likePattern escapes the glob's own '%' and '_' (both allowed in hosts).
        HostPattern p = HostPattern.parse("a\\_b%c\\%d");
        assertThat(p.prefix()).isEqualTo("a_b");
        assertThat(p.suffix()).isEqualTo("c%d");
        assertThat(p.reversedLike()).isEqualTo("d\\%c%b\\_a");

        HostPattern exact = HostPattern.parse("fe80::1\\%eth0");
        assertThat(exact.exact()).isTrue();
        assertThat(exact.prefix()).isEqualTo("fe80::1%eth0");
    }

    @Test
    void upperBoundIsTheFirstStringAfterEveryExtensionOfThePrefix() {
        assertThat(HostPattern.upperBound("db-")).isEqualTo("db.");
        assertThat(HostPattern.upperBound("ten.elpmaxe.")).isEqualTo("ten.elpmaxe/");
        assertThat(HostPattern.upperBound("db\u00e9")).isNull();
    }
}
