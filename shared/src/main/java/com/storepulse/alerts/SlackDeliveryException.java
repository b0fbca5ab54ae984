package com.storepulse.alerts;

import com.storepulse.errors.DependencyUnavailableException;

/**
 * A Slack message could not be delivered in the time the invocation had: the invocation fails,
 * so Lambda retries it and then keeps it in the on-failure destination. The message never names
 * the webhook's URL (a credential), only the webhook's configured name.
 */
public final class SlackDeliveryException extends DependencyUnavailableException {
    public SlackDeliveryException(String message, Throwable cause) {
        super(Dependency.SLACK, message, cause);
    }
}
