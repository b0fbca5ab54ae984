package com.storepulse.auth;

import com.storepulse.errors.AccessDeniedException;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.DependencyUnavailableException.Dependency;
import com.storepulse.errors.NotAuthenticatedException;
import com.storepulse.errors.UnknownStoreException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The answers of the access checks, worded once so equal cases can never differ. */
public final class AccessErrors {

    /** One message for malformed, unknown, expired and revoked keys: no oracle. */
    public static final String INVALID_KEY = "The API key is not valid: it is malformed, unknown, expired or revoked.";

    public static final String MISSING_KEY = "Send your API key in the x-api-key header.";

    public static final String STORE_NOT_FOUND = "No such store is available to this API key.";

    public static final String UNAVAILABLE = "The service is temporarily unavailable; try again shortly.";

    private static final Logger LOG = LoggerFactory.getLogger(AccessErrors.class);

    private AccessErrors() {}

    public static NotAuthenticatedException missingKey() {
        return new NotAuthenticatedException(MISSING_KEY);
    }

    public static NotAuthenticatedException invalidKey() {
        return new NotAuthenticatedException(INVALID_KEY);
    }

    public static AccessDeniedException forbidden(String detail) {
        return new AccessDeniedException(detail);
    }

    /**
     * The same error for a store that does not exist and one the caller may not read, whatever
     * the id (so comparing answers for two ids reveals nothing either).
     */
    public static UnknownStoreException storeNotFound(long storeId) {
        return new UnknownStoreException(storeId, STORE_NOT_FOUND);
    }

    /** A database failure during an access check: unavailable (the API answers 503), never a 500 with a stack trace. */
    public static DependencyUnavailableException databaseUnavailable(String what, JdbiException cause) {
        LOG.warn("database unavailable during {}: {}", what, cause.getClass().getSimpleName());
        return new DependencyUnavailableException(Dependency.DATABASE, UNAVAILABLE, cause);
    }
}
