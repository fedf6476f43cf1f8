package dev.pat.credential.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON form of an introspection request; the form-encoded {@code token=} is the RFC 7662 one. */
@Schema(name = "IntrospectionRequest")
public record IntrospectionRequest(@Schema(required = true, description = "The secret to check") String token) {
}
