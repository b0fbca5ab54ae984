package com.storepulse.errors;

/**
 * The base of every error that domain code throws on purpose: a store that does not exist, input
 * that breaks a rule, a dependency that is down. It says what went wrong in the domain's terms,
 * never how a caller hears about it: the customer API's edge turns each kind into a problem+json
 * response (com.storepulse.http.ProblemResponses), a scheduled sync logs it and moves on or
 * retries, an alert fan-out lets Lambda retry. A new function extends one of the kinds below, or
 * this class, and decides in its own edge what each means there.
 *
 * <p>The message must be safe to show a caller (no SQL, no stack trace, no secret): an HTTP edge
 * answers it as the problem's {@code detail}. These errors are expected outcomes, not bugs, so
 * they carry no stack trace of their own (their {@code cause}, if any, keeps its own).
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        this(message, null);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
