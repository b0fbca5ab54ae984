package com.storepulse.errors;

/** The caller is known but may not do this (a missing scope, a tenant key on an admin action). */
public class AccessDeniedException extends DomainException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
