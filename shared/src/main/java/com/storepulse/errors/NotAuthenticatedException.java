package com.storepulse.errors;

/** The caller did not prove who it is: no credential, or one that is not valid (a key, a signature). */
public class NotAuthenticatedException extends DomainException {

    public NotAuthenticatedException(String message) {
        super(message);
    }
}
