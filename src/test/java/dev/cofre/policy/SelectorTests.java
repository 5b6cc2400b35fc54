package dev.cofre.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.cofre.common.InvalidInputException;

class SelectorTests {

    private static final UUID ID = UUID.fromString("0f63085b-3cd5-46e7-b1f1-0e075dd6c779");

    @Test
    void hostGlobMatchesIgnoringCase() {
        Selector s = Selector.parse("host:*.DB.internal");
        assertThat(s.matches(ID, List.of(), "pg1.db.internal")).isTrue();
        assertThat(s.matches(ID, List.of(), "PG1.DB.INTERNAL")).isTrue();
        assertThat(s.matches(ID, List.of(), "db.internal")).isFalse();
        assertThat(s.matches(ID, List.of(), "pg1.db.internal.evil.com")).isFalse();
        assertThat(s.matches(ID, List.of(), null)).isFalse();
    }

    @Test
    void globWithManyStarsStaysFastOnHostileInput() {
        Selector s = Selector.parse("host:" + "*a".repeat(50) + "*b");
        long start = System.nanoTime();
        assertThat(s.matches(ID, List.of(), "a".repeat(255))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void idTagAndEverythingSelectors() {
        assertThat(Selector.parse("id:" + ID).matches(ID, List.of(), null)).isTrue();
        assertThat(Selector.parse("id:" + UUID.randomUUID()).matches(ID, List.of(), null)).isFalse();
        assertThat(Selector.parse("tag:Prod").matches(ID, List.of("prod"), null)).isTrue();
        assertThat(Selector.parse("tag:prod").matches(ID, List.of("dev"), null)).isFalse();
        assertThat(Selector.parse("*").matches(ID, List.of(), null)).isTrue();
    }

    @Test
    void malformedSelectorsAreRejectedNamingTheField() {
        for (String bad : new String[] {"", "prod", "id:nope", "tag:", "tag:Bad Tag", "host:", "host:a b",
                "role:admin", "host:" + "a".repeat(300), "tag:\u0000"}) {
            assertThatThrownBy(() -> Selector.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("credentials");
        }
    }

    @Test
    void hostGlobTurnsIntoAnEscapedLikePattern() {
        assertThat(Selector.parse("host:*.db_1.internal").likePattern()).isEqualTo("%.db\\_1.internal");
    }

    @Test
    void grantsUnionThePermissionsOfMatchingPoliciesOnly() {
        Grants grants = new Grants(false, List.of(
                new Grants.Grant(Selector.parse("tag:prod"), Set.of(Permission.VIEW_PASSWORD)),
                new Grants.Grant(Selector.parse("host:*.db.internal"), Set.of(Permission.START_SESSION)),
                new Grants.Grant(Selector.parse("tag:dev"), Set.of(Permission.DELETE)),
                new Grants.Grant(Selector.parse("*"), Set.of(Permission.AUDIT))));

        assertThat(grants.on(ID, List.of("prod"), "pg.db.internal"))
                .containsExactlyInAnyOrder(Permission.VIEW_PASSWORD, Permission.START_SESSION);
        assertThat(grants.on(ID, List.of(), "web.example")).isEmpty();
        assertThat(grants.anywhere(Permission.AUDIT)).isTrue();
        assertThat(grants.anywhere(Permission.EDIT)).isFalse();
        CredentialScope scope = grants.scope();
        assertThat(scope.all()).isFalse();
        assertThat(scope.tags()).containsExactlyInAnyOrder("prod", "dev");
        assertThat(scope.hostLikePatterns()).containsExactly("%.db.internal");
    }

    @Test
    void noPoliciesMeansNothingVisibleAndAdminsSeeEverything() {
        assertThat(new Grants(false, List.of()).scope().none()).isTrue();
        assertThat(new Grants(false, List.of()).on(ID, List.of("prod"), "h")).isEmpty();
        assertThat(new Grants(true, List.of()).scope().all()).isTrue();
        assertThat(new Grants(true, List.of()).on(ID, List.of(), null)).contains(Permission.EDIT, Permission.DELETE);
    }
}
