package com.storepulse.customerapi.request;

import com.storepulse.errors.ValidationException;
import com.storepulse.http.Router;
import java.util.Optional;

/** The path parameters of the store and customer routes, parsed or rejected with a 400. */
public final class PathParameters {

    /** dim_customer.external_id allows 1..128 characters. */
    public static final int MAX_CUSTOMER_ID_LENGTH = 128;

    private PathParameters() {}

    public static long storeId(Router.Request request) {
        return request.idParameter("storeId");
    }

    /** The retailer's own customer id: any text (it is only ever bound), within the column's limits. */
    public static String customerId(Router.Request request) {
        String raw = request.pathParameter("customerId");
        TextInput.problem("customerId", raw, MAX_CUSTOMER_ID_LENGTH).ifPresent(problem -> {
            throw ValidationException.of(problem.field(), problem.message());
        });
        return raw;
    }

    /** The customer id when {@link #customerId} would accept it, else empty (no 400 thrown). */
    public static Optional<String> customerIdIfValid(Router.Request request) {
        String raw = request.pathParameter("customerId");
        return TextInput.problem("customerId", raw, MAX_CUSTOMER_ID_LENGTH).isPresent()
                ? Optional.empty()
                : Optional.of(raw);
    }
}
