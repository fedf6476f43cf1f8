package dev.pat.directory.api;

import dev.pat.crud.StoredArrays;
import dev.pat.directory.model.UserMetadata;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of the seed's {@code user.metadata} list. */
@Schema(name = "Metadata")
public record MetadataBody(String id, Instant createdAt, Instant updatedAt, String key, String value,
        List<String> viewPermissions, boolean visible) {

    public static MetadataBody from(UserMetadata metadata) {
        return new MetadataBody(metadata.id.toString(), ApiTime.of(metadata.createdAt), ApiTime.of(metadata.updatedAt),
                metadata.key, metadata.value, StoredArrays.values(metadata.viewPermissions), metadata.visible);
    }
}
