package dev.pat.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.pat.api.FieldError;
import dev.pat.service.Patch;
import dev.pat.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON Merge Patch (RFC 7396) of a PATCH body onto a write record: absent fields stay as they
 * are, nested objects merge, anything else (arrays, null) replaces. A field the record does not
 * have is refused; a value must have the field's JSON type (no "42" for a number, no 42 for a
 * string, no "true" for a boolean, text for a time).
 */
@ApplicationScoped
public class MergePatch {

    private final ObjectMapper json;
    private final ObjectMapper strict;

    public MergePatch(ObjectMapper json) {
        this.json = json;
        this.strict = json.copy();
        strict.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    /**
     * The patch as the service applies it, once it has found the row: a missing body is a 400 at
     * once, a field the record does not have is a 400 when the patch is applied (so that a row the
     * caller may not see is a 404 whatever the body holds).
     */
    public <T extends Record> Patch<T> of(ObjectNode patch, Class<T> type) {
        if (patch == null) {
            throw ServiceException.invalid("body", "is required: a JSON object with the fields to change");
        }
        return (current, errors) -> apply(current, patch, type, errors);
    }

    private <T extends Record> T apply(T current, ObjectNode sent, Class<T> type, List<FieldError> errors) {
        RecordComponent[] components = type.getRecordComponents();
        // "Read, change, send back": the fields the API shows as read-only (the write record's
        // @JsonIgnoreProperties) are accepted and ignored, never applied.
        ObjectNode patch = sent.deepCopy();
        JsonIgnoreProperties readOnly = type.getAnnotation(JsonIgnoreProperties.class);
        if (readOnly != null) {
            patch.remove(Arrays.asList(readOnly.value()));
        }
        refuseUnknownFields(patch, components);
        ObjectNode merged = json.valueToTree(current);
        ObjectNode before = merged.deepCopy();
        mergeInto(merged, patch);
        for (RecordComponent component : components) {
            String name = component.getName();
            if (patch.has(name)) {
                String problem = readProblem(merged.get(name), component);
                if (problem != null) {
                    errors.add(new FieldError(problem.isEmpty() ? name : name + (problem.startsWith("[") ? "" : ".") + problem,
                            "has the wrong type or format"));
                    merged.set(name, before.get(name));
                }
            }
        }
        try {
            return strict.treeToValue(merged, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw ServiceException.invalid("body", "has the wrong type or format");
        }
    }

    /** RFC 7396's media type, which the seed platform's clients send with PATCH; application/json works as well. */
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    static final String PASSWORD = "password";

    /** Passwords belong to the identity provider that issues the platform's JWTs; none is ever stored here. */
    static ServiceException passwordNotManaged() {
        return new ServiceException(ServiceException.Kind.INVALID, "password_not_managed",
                "Passwords are not managed by this service: users sign in through the platform's identity provider."
                        + " Send the user without a password; nothing was stored.", null);
    }

    private static void refuseUnknownFields(ObjectNode patch, RecordComponent[] components) {
        Set<String> writable = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        List<FieldError> unknown = new ArrayList<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (PASSWORD.equals(name)) {
                throw passwordNotManaged();
            }
            if (!writable.contains(name)) {
                unknown.add(new FieldError(name, "is not a writable field; writable fields are "
                        + Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(", "))));
            }
        }
        if (!unknown.isEmpty()) {
            throw ServiceException.invalid(unknown);
        }
    }

    /** Null when the value reads as the component's type; else where inside it the problem lies ("" for the value itself). */
    private String readProblem(JsonNode value, RecordComponent component) {
        if (component.getType() == Instant.class && !value.isNull() && !value.isTextual()) {
            // A time is written as ISO-8601 text, never as a number of seconds.
            return "";
        }
        JavaType target = strict.getTypeFactory().constructType(component.getGenericType());
        try {
            strict.treeToValue(value, target);
            return null;
        } catch (JsonMappingException e) {
            return fieldPath(e);
        } catch (JsonProcessingException | RuntimeException e) {
            return "";
        }
    }

    /** Where in the body a binding error lies, as the API names fields: {@code metadata[0].key}. */
    static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode nested) {
                mergeInto(nested, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }
}
