package dev.pat.platform;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One invalid field of a request, named as the API names it ({@code metadata[0].key}). */
@Schema(name = "FieldError")
public record FieldError(String field, String message) {
}
