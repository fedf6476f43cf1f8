package dev.pat.directory.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pat.crud.MultiLine;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One writable metadata entry of a user. */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt"})
@Schema(name = "MetadataInput")
public record MetadataInput(
        @NotBlank @Size(max = 100) String key,
        @MultiLine @Size(max = 2000) String value,
        @Size(max = 4) List<@NotNull @Pattern(regexp = "activation|user|organization|reseller",
                message = "must be one of activation, user, organization, reseller") String> viewPermissions,
        Boolean visible) {
}
