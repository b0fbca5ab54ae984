package com.storepulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.io.IOException;

/** How the local stack shows a Slack message on the console: its lines of text, without the JSON. */
public final class ConsoleAlerts {

    private ConsoleAlerts() {}

    public static String format(String webhook, String payload) {
        StringBuilder out = new StringBuilder("---- alert to Slack webhook '")
                .append(webhook)
                .append("' ----\n");
        try {
            JsonNode body = Json.mapper().readTree(payload);
            for (JsonNode block : body.path("attachments").path(0).path("blocks")) {
                JsonNode text = block.path("text");
                if (text.isObject()) {
                    out.append(text.path("text").asText()).append('\n');
                }
                for (JsonNode element : block.path("elements")) {
                    out.append(element.path("text").asText()).append('\n');
                }
            }
        } catch (IOException e) {
            out.append(payload).append('\n');
        }
        return out.append("----").toString();
    }
}
