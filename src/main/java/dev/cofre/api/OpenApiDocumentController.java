package dev.cofre.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * {@code GET /v3/api-docs}: the OpenAPI document of the REST API, served as committed in {@value #DOCUMENT}. The
 * document is generated from the controllers by springdoc in the tests ({@code OpenApiDocumentIntegrationTests}
 * fails, and writes the new document, when the API and the file disagree), so the server neither carries springdoc
 * nor builds the document by reflection at start, and every change of the API shows up in review as a diff.
 */
@RestController
class OpenApiDocumentController {

    static final String DOCUMENT = "api/openapi.json";

    private final byte[] document;
    private final String etag;

    OpenApiDocumentController() {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document " + DOCUMENT + " is missing from the build", e);
        }
        etag = '"' + DigestUtils.md5DigestAsHex(document) + '"'; // a validator, not a security check
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> document(WebRequest request) {
        if (request.checkNotModified(etag)) {
            return null; // 304, headers set by checkNotModified
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(CacheControl.noCache())
                .contentType(MediaType.APPLICATION_JSON)
                .body(document);
    }
}
