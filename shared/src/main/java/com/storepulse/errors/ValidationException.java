package com.storepulse.errors;

import java.util.List;

/** Input that breaks a rule: one {@link FieldError} per offending field, the message sums them up. */
public class ValidationException extends DomainException {

    private final List<FieldError> fieldErrors;

    public ValidationException(String message, List<FieldError> fieldErrors) {
        super(message);
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** One invalid field: "Invalid {field}: {message}". */
    public static ValidationException of(String field, String message) {
        return new ValidationException("Invalid " + field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** Several invalid fields. */
    public static ValidationException of(List<FieldError> errors) {
        return new ValidationException("The request has " + errors.size() + " invalid field(s)", errors);
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
