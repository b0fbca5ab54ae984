package com.storepulse.alertfanout;

/** The fan-out's EMF metrics (namespace StorePulse, dimension Function = alert-fanout). */
final class AlertMetrics {
    /** Slack messages posted by an invocation. */
    static final String MESSAGES_SENT = "AlertMessagesSent";
    /** Invocations that failed because a message could not be delivered. */
    static final String DELIVERY_FAILED = "AlertDeliveryFailed";
    /** Payloads that were neither an alarm nor an app alert (reported to Slack). */
    static final String UNRECOGNISED = "AlertUnrecognised";

    private AlertMetrics() {}
}
