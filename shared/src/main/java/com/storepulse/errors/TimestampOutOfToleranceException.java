package com.storepulse.errors;

/** A correctly signed request whose signed timestamp is too old or too far ahead (a replay, or a bad clock). */
public class TimestampOutOfToleranceException extends NotAuthenticatedException {

    public TimestampOutOfToleranceException(String message) {
        super(message);
    }
}
