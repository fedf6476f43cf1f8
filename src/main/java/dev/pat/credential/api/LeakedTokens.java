package dev.pat.credential.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A secret scanner's report: strings found where secrets must not be (a public repository, a CI log). */
@Schema(name = "LeakedTokens")
public record LeakedTokens(
        @Schema(required = true, maxItems = 1000, description = "Candidate secrets, pat_ followed by 36 letters and digits")
        List<String> credentials) {
}
