package com.storepulse.errors;

/** The request contradicts what exists already (a tenant slug that is taken, say). */
public class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
