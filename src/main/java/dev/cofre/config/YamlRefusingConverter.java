package dev.cofre.config;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * Takes the YAML slot of the server's message converters so that none is made. Swagger's dependency puts Jackson 2's
 * YAML module on the class path, and Spring would otherwise read and write {@code application/yaml} with a Jackson 2
 * mapper of its own: one that silently drops unknown fields (a typo such as {@code pasword} would store a credential
 * without its password, where JSON is refused) and writes instants as numbers. The API speaks JSON: a YAML body gets
 * 415 and {@code Accept: application/yaml} gets 406.
 */
final class YamlRefusingConverter extends AbstractHttpMessageConverter<Object> {

    YamlRefusingConverter() {
        super(MediaType.APPLICATION_YAML);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage input) {
        throw new UnsupportedOperationException("YAML is not read");
    }

    @Override
    protected void writeInternal(Object value, HttpOutputMessage output) {
        throw new UnsupportedOperationException("YAML is not written");
    }
}
