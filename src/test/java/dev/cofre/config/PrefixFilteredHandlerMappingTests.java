package dev.cofre.config;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.util.ServletRequestPathUtils;

/** The prefix check only ever skips mappings that could not match; whatever could is still Spring's to decide. */
class PrefixFilteredHandlerMappingTests {

    @RestController
    static class Routes {
        @GetMapping("/api/v1/credentials/{id}/totp")
        String totp(@PathVariable String id) {
            return id;
        }

        @GetMapping("/api/v1/credentials/{id}")
        String credential(@PathVariable String id) {
            return id;
        }

        @GetMapping({"/api/v1/users/me", "/api/v1/self"})
        String me() {
            return "me";
        }

        @GetMapping("/files/**")
        String files() {
            return "files";
        }

        @GetMapping("/{page}")
        String page(@PathVariable String page) {
            return page;
        }
    }

    private static PrefixFilteredHandlerMapping mapping() {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.registerSingleton("routes", Routes.class);
        context.refresh();
        PrefixFilteredHandlerMapping mapping = new PrefixFilteredHandlerMapping();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    private static String handlerFor(PrefixFilteredHandlerMapping mapping, String uri) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        ServletRequestPathUtils.parseAndCache(request);
        HandlerExecutionChain chain = mapping.getHandler(request);
        return chain == null ? null : ((HandlerMethod) chain.getHandler()).getMethod().getName();
    }

    @Test
    void aMappingIsSkippedOnlyWhenThePathDoesNotBeginWithItsLiteralPart() {
        assertThat(PrefixFilteredHandlerMapping.beginsWithLiteralPart("/api/v1/credentials/0b9c/totp",
                "/api/v1/credentials/{id}/totp")).isTrue();
        assertThat(PrefixFilteredHandlerMapping.beginsWithLiteralPart("/api/v1/users/me",
                "/api/v1/credentials/{id}/totp")).isFalse();
        assertThat(PrefixFilteredHandlerMapping.beginsWithLiteralPart("/api/v1/cred", "/api/v1/credentials"))
                .isFalse();
        assertThat(PrefixFilteredHandlerMapping.beginsWithLiteralPart("/files/a/b", "/files/**")).isTrue();
        assertThat(PrefixFilteredHandlerMapping.beginsWithLiteralPart("/anything", "/{page}")).isTrue();
        assertThat(PrefixFilteredHandlerMapping.beginsWithLiteralPart("/api/v1/self", "/api/v1/self")).isTrue();
    }

    @Test
    void everyPathReachesTheHandlerSpringWouldChoose() throws Exception {
        PrefixFilteredHandlerMapping mapping = mapping();
        assertThat(handlerFor(mapping, "/api/v1/credentials/0b9c/totp")).isEqualTo("totp");
        assertThat(handlerFor(mapping, "/api/v1/credentials/0b9c")).isEqualTo("credential");
        assertThat(handlerFor(mapping, "/api/v1/self")).isEqualTo("me");
        assertThat(handlerFor(mapping, "/api/v1/users/me")).isEqualTo("me");
        assertThat(handlerFor(mapping, "/files/a/b.txt")).isEqualTo("files");
        assertThat(handlerFor(mapping, "/anything")).isEqualTo("page");
        // Decoded before patterns see it: the prefix check steps aside and Spring still finds the route.
        assertThat(handlerFor(mapping, "/api/v1/cr%65dentials/0b9c/totp")).isEqualTo("totp");
        assertThat(handlerFor(mapping, "/api/v1/credentials/x/y/z")).isNull();
    }
}
