package com.storepulse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.status.StatusBoard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alarm template.yaml deploys has a default severity and runbook anchor (AlertRouting's
 * defaults, the same anchor as the alarm's description) and a component on the status page, so a
 * new alarm cannot fall back to the catch-all severity or show as "Service" unnoticed.
 */
class TemplateAlarmsTest {

    private static final Pattern ALARM = Pattern.compile(
            "AlarmName: !Sub storepulse-\\$\\{Stage}-(\\S+)\\s+AlarmDescription: .*?runbook\\.md#([a-z0-9-]+)");

    /** A deployed alarm: its name (stage "prod") and the runbook anchor its description names. */
    private record TemplateAlarm(String name, String runbook) {}

    private static List<TemplateAlarm> templateAlarms() throws IOException {
        String template = Files.readString(Path.of("..", "template.yaml"));
        List<TemplateAlarm> alarms = new ArrayList<>();
        Matcher m = ALARM.matcher(template);
        while (m.find()) {
            alarms.add(new TemplateAlarm("storepulse-prod-" + m.group(1), m.group(2)));
        }
        return alarms;
    }

    @Test
    void everyDeployedAlarmHasADefaultSeverityAndItsRunbookAnchor() throws IOException {
        List<TemplateAlarm> alarms = templateAlarms();
        long named = Files.readString(Path.of("..", "template.yaml"))
                .lines()
                .filter(l -> l.strip().startsWith("AlarmName:"))
                .count();
        assertEquals(named, alarms.size(), "every AlarmName is followed by a description naming its runbook anchor");
        assertFalse(alarms.isEmpty());
        for (TemplateAlarm alarm : alarms) {
            Optional<AlertRouting.AlarmDefault> found = AlertRouting.DEFAULTS.stream()
                    .filter(d ->
                            AlertRouting.glob(d.pattern()).matcher(alarm.name()).matches())
                    .findFirst();
            assertTrue(found.isPresent(), alarm.name() + " has no default severity in AlertRouting.DEFAULTS");
            assertEquals(alarm.runbook(), found.get().runbook(), alarm.name() + ": the default's runbook anchor");
        }
    }

    @Test
    void everyDeployedAlarmsIncidentsShowUnderAComponentOnTheStatusPage() throws IOException {
        for (TemplateAlarm alarm : templateAlarms()) {
            assertTrue(
                    StatusBoard.component(alarm.runbook()).isPresent(),
                    alarm.name() + " (runbook #" + alarm.runbook() + ") has no component in StatusBoard");
        }
    }
}
