package dev.pat.platform;

import java.util.List;

/**
 * An operation refused for a reason the caller can act on. The REST layer turns the kind into
 * the status and the body {@code {"message", "code", "errors"}}.
 */
public class ServiceException extends RuntimeException {

    public enum Kind { NOT_FOUND, INVALID, CONFLICT, STALE, FORBIDDEN, BUSY, UNPROCESSABLE }

    private final Kind kind;
    private final String code;
    private final List<FieldError> errors;

    public ServiceException(Kind kind, String code, String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ServiceException notFound(String what) {
        return new ServiceException(Kind.NOT_FOUND, "not_found", what + " not found", null);
    }

    public static ServiceException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ServiceException invalid(List<FieldError> errors) {
        return new ServiceException(Kind.INVALID, "validation_failed", "The request is invalid", errors);
    }

    public static ServiceException conflict(String code, String message) {
        return new ServiceException(Kind.CONFLICT, code, message, null);
    }

    public static ServiceException stale() {
        return new ServiceException(Kind.STALE, "precondition_failed",
                "The resource has changed since the version given in If-Match", null);
    }

    public static ServiceException forbidden(String message) {
        return forbidden("forbidden", message);
    }

    public static ServiceException forbidden(String code, String message) {
        return new ServiceException(Kind.FORBIDDEN, code, message, null);
    }

    /** Well-formed, but contradicting what the service already holds for it (422). */
    public static ServiceException unprocessable(String code, String message) {
        return new ServiceException(Kind.UNPROCESSABLE, code, message, null);
    }

    /** Too much of this is under way for the caller already: retry in a moment (429). */
    public static ServiceException busy(String code, String message) {
        return new ServiceException(Kind.BUSY, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
