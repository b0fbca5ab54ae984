package com.storepulse.alertfanout;

import com.storepulse.alerts.AlertDelivery;
import com.storepulse.alerts.AlertFanout;
import com.storepulse.alerts.AlertParser;
import com.storepulse.alerts.AlertRouting;
import com.storepulse.alerts.AlertSilences;
import com.storepulse.alerts.AlertStore;
import com.storepulse.alerts.SlackMessages;
import com.storepulse.alerts.SlackWebhookClient;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.lifecycle.GracefulShutdown;
import com.storepulse.runtime.FunctionIdentity;
import com.storepulse.snapstart.Primer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fan-out's beans, only in the fan-out's own context ({@link LambdaContexts} sets
 * {@value #FUNCTION_PROPERTY}): the local stack runs every function on one class path, and the
 * customer API's context must not pick these up (nor this one the customer API's).
 */
@Factory
@Requires(property = AlertFanoutBeans.FUNCTION_PROPERTY, value = "alert-fanout")
public class AlertFanoutBeans {

    public static final String FUNCTION_PROPERTY = "storepulse.function";

    /** The local stack sets it: a webhook without a URL prints its messages instead of failing. */
    public static final String CONSOLE_SETTING = "ALERT_CONSOLE_FALLBACK";
    /** Where Slack messages link the runbook (docs/operations/runbook.md as the team reads it). */
    public static final String RUNBOOK_URL_SETTING = "RUNBOOK_URL";

    @Singleton
    FunctionIdentity functionIdentity() {
        return new FunctionIdentity("alert-fanout");
    }

    @Singleton
    AlertRouting routing(Settings settings) {
        return AlertRouting.from(settings);
    }

    @Singleton
    AlertParser parser(AlertRouting routing) {
        return new AlertParser(routing, InstantSource.system());
    }

    @Singleton
    SlackMessages slackMessages(Settings settings) {
        return new SlackMessages(settings.get(RUNBOOK_URL_SETTING));
    }

    @Singleton
    SlackWebhookClient slackWebhookClient() {
        SlackWebhookClient client = new SlackWebhookClient();
        GracefulShutdown.jvm().register("slack", client::close);
        return client;
    }

    @Singleton
    AlertFanout fanout(
            Database database,
            AlertRouting routing,
            Settings settings,
            SlackMessages messages,
            SlackWebhookClient client) {
        AlertStore store = new AlertStore(database.jdbi());
        Optional<Consumer<String>> console =
                settings.getBoolean(CONSOLE_SETTING, false) ? Optional.of(System.out::println) : Optional.empty();
        AlertDelivery delivery = new AlertDelivery(
                store, routing, settings, client, console, InstantSource.system(), AlertDelivery.Sleeper.REAL);
        return new AlertFanout(
                store,
                routing,
                AlertRouting.Windows.from(settings),
                AlertSilences.from(database.jdbi(), settings),
                messages,
                delivery,
                InstantSource.system(),
                AlertDelivery.Sleeper.REAL);
    }

    /**
     * SnapStart priming: parses a CloudWatch alarm and renders its Slack message (Jackson, the
     * parser, Block Kit), without touching the database or Slack: the fan-out's first real
     * notification then runs warm code.
     */
    @Singleton
    Primer alertPrimer(AlertParser parser, SlackMessages messages) {
        return () -> {
            String alarm = "{\"AlarmName\":\"storepulse-primer\",\"NewStateValue\":\"ALARM\",\"OldStateValue\":\"OK\","
                    + "\"NewStateReason\":\"priming\",\"StateChangeTime\":\"2026-01-01T00:00:00.000+0000\","
                    + "\"Trigger\":{\"MetricName\":\"Errors\",\"Namespace\":\"AWS/Lambda\",\"Statistic\":\"SUM\","
                    + "\"Period\":60,\"EvaluationPeriods\":1,\"ComparisonOperator\":\"GreaterThanThreshold\",\"Threshold\":0}}";
            String event = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"primer\",\"Message\":"
                    + com.storepulse.json.Json.write(alarm) + "}}]}";
            var notices = parser.parse(event.getBytes(StandardCharsets.UTF_8));
            messages.render(
                    notices.getFirst().severity(),
                    SlackMessages.Purpose.NOTIFY,
                    java.util.List.of(new SlackMessages.GroupedAlert(notices.getFirst(), 1, false)),
                    java.time.Instant.now());
        };
    }
}
