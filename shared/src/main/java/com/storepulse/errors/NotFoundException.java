package com.storepulse.errors;

/** What was asked for does not exist, or the caller may not know that it does. */
public class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super(message);
    }
}
