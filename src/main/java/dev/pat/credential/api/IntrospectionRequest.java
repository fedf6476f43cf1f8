package dev.pat.credential.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON form of an introspection request; the form-encoded {@code token=} is the RFC 7662 one. */
@Schema(name = "IntrospectionRequest")
public record IntrospectionRequest(@Schema(required = true, description = "The secret to check") String token,
        @JsonProperty("client_ip") @Schema(description = "The address the secret came from, as the resource server saw it;"
                + " a token with allowed networks is active only when it is given and lies inside them") String clientIp) {
}
