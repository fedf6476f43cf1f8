package dev.pat.token.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /v3/personal-access-tokens/{id}/allowed-cidrs}: the whole new list. */
@Schema(name = "AllowedCidrsInput")
public record AllowedCidrsInput(
        @Schema(required = true, maxItems = 20, description = "IPv4 and IPv6 networks in CIDR notation (a bare address is"
                + " one address); they are stored normalised (10.1.2.3/8 as 10.0.0.0/8). Empty: anywhere.")
        List<String> allowedCidrs) {
}
