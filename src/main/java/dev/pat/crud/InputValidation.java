package dev.pat.crud;

import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks write bodies against the constraints declared on their records, the same for create and
 * update, and one rule every record shares: its text holds no control character (the token names'
 * rule; PostgreSQL refuses a NUL, which would otherwise be a 500), save line breaks and tabs in a
 * field marked {@link MultiLine}.
 */
@ApplicationScoped
public class InputValidation {

    private final Validator validator;

    public InputValidation(Validator validator) {
        this.validator = validator;
    }

    /** The body, or a 400 listing the problems found before and every violated constraint, by field path. */
    public <T> T validate(T body, String what, List<FieldError> errors) {
        if (body == null) {
            throw ServiceException.invalid("body", "is required: a JSON object describing the " + what);
        }
        List<FieldError> all = new ArrayList<>(errors);
        controlCharacters(body, "", all);
        validator.validate(body).stream()
                .map(v -> new FieldError(fieldPath(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .forEach(all::add);
        if (!all.isEmpty()) {
            throw ServiceException.invalid(all);
        }
        return body;
    }

    /** Every text of the record, nested records and lists included, by the path the API names it with. */
    private static void controlCharacters(Object value, String path, List<FieldError> errors) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object field;
                try {
                    field = component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                String name = path.isEmpty() ? component.getName() : path + "." + component.getName();
                if (field instanceof String text) {
                    check(text, name, component.isAnnotationPresent(MultiLine.class), errors);
                } else {
                    controlCharacters(field, name, errors);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof String text) {
                    check(text, path + "[" + i + "]", false, errors);
                } else {
                    controlCharacters(item, path + "[" + i + "]", errors);
                }
            }
        }
    }

    private static void check(String text, String field, boolean multiLine, List<FieldError> errors) {
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t')))) {
            errors.add(new FieldError(field, multiLine ? "must not contain control characters other than line breaks and tabs"
                    : "must not contain control characters"));
        }
    }

    /** {@code tags[1].<list element>} becomes {@code tags[1]}. */
    private static String fieldPath(String path) {
        return path.replaceAll("\\.<[^>]+>", "").replaceAll("<[^>]+>", "");
    }
}
