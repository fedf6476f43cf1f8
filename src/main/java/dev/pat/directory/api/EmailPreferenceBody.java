package dev.pat.directory.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
/** The seed's {@code user.emailPreference} object. */
@Schema(name = "EmailPreference")
public record EmailPreferenceBody(boolean metrics) {
}
