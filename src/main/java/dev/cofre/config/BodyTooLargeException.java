package dev.cofre.config;

import java.io.IOException;

/** Thrown while reading a request body that grew past {@code cofre.api.max-body-size}; answered with 413. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes");
    }
}
