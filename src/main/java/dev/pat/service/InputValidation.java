package dev.pat.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.service.ServiceException.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates write bodies against the constraints declared on their records, and merges a PATCH
 * body into the current values so that create and update obey exactly the same rules.
 */
@ApplicationScoped
public class InputValidation {

    private final Validator validator;
    private final ObjectMapper mapper;

    public InputValidation(Validator validator, ObjectMapper mapper) {
        this.validator = validator;
        this.mapper = mapper;
    }

    /** The input, or a 400 listing every violated constraint by field path. */
    public <T> T validate(T input, String what) {
        if (input == null) {
            throw ServiceException.invalid("body", "is required: a JSON object describing the " + what);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw ServiceException.invalid(violations.stream()
                    .map(v -> new FieldError(fieldPath(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(Comparator.comparing(FieldError::field))
                    .toList());
        }
        return input;
    }

    /**
     * The current values with the patch's fields laid over them, validated. A field the record
     * does not have (read-only or unknown) is refused, as is a value of the wrong type.
     */
    public <T extends Record> T merge(T current, ObjectNode patch, Class<T> type, String what) {
        if (patch == null) {
            throw ServiceException.invalid("body", "is required: a JSON object with the fields to change");
        }
        Set<String> writable = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!writable.contains(name)) {
                errors.add(new FieldError(name, "is not a writable field; writable fields are "
                        + String.join(", ", Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList())));
            }
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        ObjectNode merged = mapper.valueToTree(current);
        mergeInto(merged, patch);
        try {
            return validate(mapper.treeToValue(merged, type), what);
        } catch (JsonMappingException e) {
            String field = fieldPath(e);
            throw ServiceException.invalid(field.isEmpty() ? "body" : field, "has the wrong type or format");
        } catch (JsonProcessingException e) {
            throw ServiceException.invalid("body", "is not valid JSON");
        }
    }

    /** Where in the body a binding error lies, as the API names fields: {@code metadata[0].key}. */
    public static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** JSON Merge Patch (RFC 7396) on objects: nested objects merge, anything else replaces. */
    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isObject() && target.get(field.getKey()) instanceof ObjectNode nested) {
                mergeInto(nested, (ObjectNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    /** {@code tags[1].<list element>} becomes {@code tags[1]}. */
    private static String fieldPath(String path) {
        return path.replaceAll("\\.<[^>]+>", "").replaceAll("<[^>]+>", "");
    }
}
