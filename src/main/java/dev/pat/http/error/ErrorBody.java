package dev.pat.http.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pat.platform.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The one error body of the API: a readable message, a stable code, and the invalid fields if any. */
@Schema(name = "Error")
public record ErrorBody(
        String message,
        String code,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public ErrorBody(String message, String code) {
        this(message, code, List.of());
    }
}
