package com.storepulse.customerapi.status;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.customerapi.CustomerApiCatalogue;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import com.storepulse.status.StatusBoard;
import com.storepulse.status.StatusReport;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status} (HTML) and {@code GET /status.json}: public, no key, cached for the board's
 * TTL both here and (Cache-Control) in browsers and proxies, so load on the page cannot reach
 * the database more than once per TTL per instance.
 */
@Singleton
public class StatusRoutes {

    /** No external assets: nothing loads but the page itself (inline CSS). */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    private final StatusBoard board;

    public StatusRoutes(StatusBoard board) {
        this.board = board;
    }

    public void register(Router router) {
        router.add(CustomerApiCatalogue.STATUS_PAGE, request -> html(StatusPage.render(board.report())));
        router.add(CustomerApiCatalogue.STATUS_JSON, request -> json(board.report()));
    }

    private APIGatewayProxyResponseEvent html(String page) {
        return ok(
                page,
                "text/html; charset=utf-8",
                Map.of("Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer"));
    }

    private APIGatewayProxyResponseEvent json(StatusReport report) {
        return ok(Json.write(toJson(report)), "application/json", Map.of("Access-Control-Allow-Origin", "*"));
    }

    /** A 200 with the page's cache lifetime, its content type and headers of its own. */
    private APIGatewayProxyResponseEvent ok(String body, String contentType, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", contentType);
        all.put("Cache-Control", cacheControl());
        all.put("X-Content-Type-Options", "nosniff");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withHeaders(all)
                .withBody(body);
    }

    private String cacheControl() {
        return "public, max-age=" + Math.max(1, board.ttl().toSeconds());
    }

    static ObjectNode toJson(StatusReport report) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("generatedAt", report.generatedAt().toString());
        root.put("status", report.overall());
        ObjectNode components = root.putObject("components");
        report.components().forEach(c -> components.put(c.name(), c.status()));
        ArrayNode sources = root.putArray("syncSources");
        for (StatusReport.SyncSource s : report.syncSources()) {
            ObjectNode node = sources.addObject();
            node.put("name", s.name());
            node.put("status", s.status());
            s.lastSuccessAt()
                    .ifPresentOrElse(t -> node.put("lastSuccessAt", t.toString()), () -> node.putNull("lastSuccessAt"));
            s.ageSeconds().ifPresentOrElse(a -> node.put("ageSeconds", a), () -> node.putNull("ageSeconds"));
        }
        incidents(root.putArray("openIncidents"), report.openIncidents());
        incidents(root.putArray("recentIncidents"), report.recentIncidents());
        return root;
    }

    private static void incidents(ArrayNode array, List<StatusReport.Incident> incidents) {
        for (StatusReport.Incident i : incidents) {
            ObjectNode node = array.addObject();
            node.put("severity", i.severity());
            node.put("affects", i.affects());
            node.put("startedAt", i.startedAt().toString());
            i.resolvedAt().ifPresentOrElse(t -> node.put("resolvedAt", t.toString()), () -> node.putNull("resolvedAt"));
        }
    }
}
