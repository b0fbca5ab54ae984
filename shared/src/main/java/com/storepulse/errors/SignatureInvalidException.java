package com.storepulse.errors;

/** A signed request whose signature is missing, malformed, or made with no key the receiver holds. */
public class SignatureInvalidException extends NotAuthenticatedException {

    public SignatureInvalidException(String message) {
        super(message);
    }
}
