package com.storepulse.errors;

/** One invalid input: where ({@code field}, e.g. a query parameter or JSON pointer) and why. */
public record FieldError(String field, String message) {}
