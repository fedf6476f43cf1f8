package dev.pat.crud;

import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks write bodies against the constraints declared on their records, the same for create and update. */
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
        validator.validate(body).stream()
                .map(v -> new FieldError(fieldPath(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .forEach(all::add);
        if (!all.isEmpty()) {
            throw ServiceException.invalid(all);
        }
        return body;
    }

    /** {@code tags[1].<list element>} becomes {@code tags[1]}. */
    private static String fieldPath(String path) {
        return path.replaceAll("\\.<[^>]+>", "").replaceAll("<[^>]+>", "");
    }
}
