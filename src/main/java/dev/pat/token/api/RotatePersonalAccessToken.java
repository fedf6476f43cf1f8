package dev.pat.token.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The optional body of {@code POST /v3/personal-access-tokens/{id}/rotate}. */
@Schema(name = "RotatePersonalAccessToken")
public record RotatePersonalAccessToken(
        @Schema(description = "The new expiry; absent keeps the current one") Instant expiresAt,
        @Schema(description = "How long the previous secret keeps working, 0 to 86400 seconds (default 0: it stops at once)",
                minimum = "0", maximum = "86400") Integer gracePeriodSeconds) {

    public static final int MAX_GRACE_PERIOD_SECONDS = 86_400;
}
