package com.storepulse.auth;

import com.storepulse.problem.ApiException;
import com.storepulse.problem.ErrorCode;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The answers of the access checks, worded once so equal cases can never differ. */
public final class AccessErrors {

    /** One message for malformed, unknown, expired and revoked keys: no oracle. */
    public static final String INVALID_KEY = "The API key is not valid: it is malformed, unknown, expired or revoked.";

    public static final String MISSING_KEY = "Send your API key in the x-api-key header.";

    private static final Logger LOG = LoggerFactory.getLogger(AccessErrors.class);

    private AccessErrors() {}

    public static ApiException missingKey() {
        return new ApiException(ErrorCode.UNAUTHENTICATED, MISSING_KEY);
    }

    public static ApiException invalidKey() {
        return new ApiException(ErrorCode.UNAUTHENTICATED, INVALID_KEY);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(ErrorCode.FORBIDDEN, detail);
    }

    /**
     * The same body for a store that does not exist and one the caller may not read, whatever
     * the id (so comparing answers for two ids reveals nothing either).
     */
    public static ApiException storeNotFound() {
        return ApiException.notFound("No such store is available to this API key.");
    }

    /** A database failure during an access check: 503, never a 500 with a stack trace. */
    public static ApiException databaseUnavailable(String what, JdbiException cause) {
        LOG.warn("database unavailable during {}: {}", what, cause.getClass().getSimpleName());
        return new ApiException(
                ErrorCode.DEPENDENCY_UNAVAILABLE, "The service is temporarily unavailable; try again shortly.");
    }
}
