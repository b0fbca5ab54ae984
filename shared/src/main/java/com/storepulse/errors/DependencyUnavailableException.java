package com.storepulse.errors;

/**
 * Something this work needs did not answer (the database, the secret store, Redis where Redis is
 * not optional), so the work was not done: worth retrying shortly. The message is for the caller;
 * the cause, if any, is for the log.
 */
public class DependencyUnavailableException extends DomainException {

    /** What was unavailable: an edge may answer each differently (a database outage, say). */
    public enum Dependency {
        DATABASE,
        SECRETS,
        REDIS,
        /** The SNS topic app alerts are published to. */
        ALERT_TOPIC,
        /** A Slack incoming webhook the alert fan-out posts to. */
        SLACK,
        /** The SQS queue of the Azure SQL sync (its fan-out and continuations). */
        SYNC_QUEUE
    }

    private final Dependency dependency;

    public DependencyUnavailableException(Dependency dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    public Dependency dependency() {
        return dependency;
    }
}
