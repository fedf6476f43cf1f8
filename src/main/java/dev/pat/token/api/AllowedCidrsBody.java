package dev.pat.token.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The networks a token's secret may be used from; apart from the token body, which keeps the seed's fields. */
@Schema(name = "AllowedCidrs")
public record AllowedCidrsBody(
        @Schema(required = true, description = "Normalised IPv4 and IPv6 networks in CIDR notation; empty: anywhere")
        List<String> allowedCidrs) {
}
