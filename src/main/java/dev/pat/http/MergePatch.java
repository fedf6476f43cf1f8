package dev.pat.http;

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
import dev.pat.crud.Patch;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * JSON Merge Patch (RFC 7396) of a PATCH body onto a write record: absent fields stay as they
 * are, nested objects merge, anything else (arrays, null) replaces. A field the record does not
 * have is refused; a value must have the field's JSON type (no "42" for a number, no 42 for a
 * string, no "true" for a boolean, text for a time). It reads the body of a resource method that
 * takes the {@link Patch} of a write record ({@code Patch<UserInput>}): a resource takes the patch,
 * not JSON.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
public class MergePatch implements ServerMessageBodyReader<Patch<?>> {

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

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod, MediaType mediaType) {
        return type == Patch.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Patch.class;
    }

    @Override
    public Patch<?> readFrom(Class<Patch<?>> type, Type genericType, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        return read(genericType, context.getInputStream());
    }

    @Override
    public Patch<?> readFrom(Class<Patch<?>> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        return read(genericType, entityStream);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Patch<?> read(Type genericType, InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        ObjectNode patch = isBlank(bytes) ? null : json.readValue(bytes, ObjectNode.class);
        Class record = (Class) ((ParameterizedType) genericType).getActualTypeArguments()[0];
        return of(patch, record);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
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

    private static void refuseUnknownFields(ObjectNode patch, RecordComponent[] components) {
        Set<String> writable = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        List<FieldError> unknown = new ArrayList<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!writable.contains(name)) {
                unknown.add(new FieldError(name, "is not a writable field; writable fields are "
                        + Arrays.stream(components).filter(MergePatch::documented).map(RecordComponent::getName)
                                .collect(Collectors.joining(", "))));
            }
        }
        if (!unknown.isEmpty()) {
            throw ServiceException.invalid(unknown);
        }
    }

    /** A component the API description leaves out is taken only to be refused: it is named to nobody. */
    private static boolean documented(RecordComponent component) {
        Schema schema = component.getAnnotation(Schema.class);
        return schema == null || !schema.hidden();
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
    public static String fieldPath(JsonMappingException e) {
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
