package dev.pat.directory.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The writable email preference of a user. */
@Schema(name = "EmailPreferenceInput")
public record EmailPreferenceInput(Boolean metrics) {
}
