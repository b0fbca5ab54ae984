package com.storepulse.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.storepulse.errors.DomainException;
import com.storepulse.http.ApiException;
import com.storepulse.http.ProblemResponses;
import org.junit.jupiter.api.function.Executable;

/** What a refused call answers over HTTP: asserts it throws a domain or API error, and maps it as the edge does. */
public final class Refusals {

    private Refusals() {}

    public static ApiException answerOf(Executable call) {
        RuntimeException error = assertThrows(RuntimeException.class, call);
        if (error instanceof DomainException domain) {
            return ProblemResponses.toApiException(domain);
        }
        if (error instanceof ApiException api) {
            return api;
        }
        throw new AssertionError("neither a domain nor an API error", error);
    }
}
