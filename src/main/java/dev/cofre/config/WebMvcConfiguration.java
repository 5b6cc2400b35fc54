package dev.cofre.config;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC as Boot configures it, with the request mapping that rejects mappings by path prefix first, and JSON as
 * the only structured format.
 */
@Configuration(proxyBeanMethods = false)
class WebMvcConfiguration {

    @Bean
    WebMvcRegistrations prefixFilteredMappings() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PrefixFilteredHandlerMapping();
            }
        };
    }

    @Bean
    ServerHttpMessageConvertersCustomizer jsonOnly() {
        return builder -> builder.withYamlConverter(new YamlRefusingConverter());
    }
}
