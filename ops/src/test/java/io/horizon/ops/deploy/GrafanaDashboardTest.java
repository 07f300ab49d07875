package io.horizon.ops.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana side of the stack works with no editing: the provisioned datasource points at
 * the compose service {@code prometheus}, the dashboard provider loads the directory the
 * compose file mounts, every panel and query uses the provisioned datasource by uid, every
 * query is valid PromQL (promtool), and the panels the issue asks for are there.
 */
final class GrafanaDashboardTest
{
    @TempDir
    Path dir;

    private final GrafanaDashboard dashboard = GrafanaDashboard.horizon();

    @Test
    void shouldProvisionOnePrometheusDatasourceAtTheComposeService()
    {
        final Map<String, Object> datasource = datasource();
        assertEquals("prometheus", datasource.get("type"));
        assertEquals("http://prometheus:9090", datasource.get("url"));
        assertTrue(ComposeStackTest.services().containsKey("prometheus"), "the datasource URL names a compose service");
        assertEquals(Boolean.TRUE, datasource.get("isDefault"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldLoadTheDashboardFromTheDirectoryTheComposeFileMounts()
    {
        final Map<String, Object> provider = (Map<String, Object>)DeployKit.list(
            DeployKit.yaml(DeployKit.deploy("grafana/provisioning/dashboards/horizon.yml")), "providers").get(0);
        assertEquals("file", provider.get("type"));
        final String path = (String)DeployKit.map(provider, "options").get("path");
        final Path source = ComposeStackTest.bindSource("grafana", path);
        assertTrue(Files.isRegularFile(source.resolve("horizon.json")),
            "the provider's path " + path + " is mounted from " + source + ", which must hold horizon.json");
        assertTrue(ComposeStackTest.bindSource("grafana", "/etc/grafana/provisioning")
            .equals(DeployKit.deploy("grafana/provisioning").normalize()), "the provisioning directory is mounted");
    }

    @Test
    void shouldUseTheProvisionedDatasourceEverywhereWithNoImportPlaceholders()
    {
        final String uid = (String)datasource().get("uid");
        final String json = DeployKit.read(DeployKit.deploy("grafana/dashboards/horizon.json"));
        assertFalse(json.contains("${DS_"), "import placeholders (${DS_...}) need editing; use the datasource uid " + uid);
        assertFalse(dashboard.root().has("__inputs"), "__inputs is for manual import, not provisioning");
        assertFalse(dashboard.root().path("uid").asText().isEmpty(), "a fixed dashboard uid keeps links stable");
        for (final JsonNode panel : dashboard.dataPanels())
        {
            final String title = panel.path("title").asText();
            assertEquals(uid, panel.path("datasource").path("uid").asText(), "panel '" + title + "' datasource");
            assertTrue(panel.path("targets").size() > 0, "panel '" + title + "' has queries");
            for (final JsonNode target : panel.path("targets"))
            {
                assertEquals(uid, target.path("datasource").path("uid").asText(), "panel '" + title + "' target datasource");
                assertFalse(target.path("expr").asText().isBlank(), "panel '" + title + "' has an empty query");
            }
        }
        for (final JsonNode variable : dashboard.root().path("templating").path("list"))
        {
            assertEquals(uid, variable.path("datasource").path("uid").asText(), "variable " + variable.path("name"));
        }
    }

    @Test
    void shouldShowEveryFigureTheIssueAsksFor()
    {
        final String all = String.join("\n", dashboard.queries());
        final Map<String, String> required = Map.of(
            "orders/s", "rate(horizon_orders_submitted_total",
            "rejects by layer", "sum by (layer) (rate(horizon_order_rejects_total",
            "latency percentiles", "histogram_quantile(0.99, sum by (le) (rate(horizon_order_latency_seconds_bucket",
            "feed heartbeat age", "horizon_feed_heartbeat_age_seconds",
            "DLQ depth", "horizon_dlq_depth",
            "kill-switch state", "horizon_kill_switch_engaged",
            "audit flush lag", "horizon_audit_flush_lag_records",
            "JVM memory", "jvm_memory_used_bytes",
            "GC", "jvm_gc_pause_seconds");
        for (final Map.Entry<String, String> figure : required.entrySet())
        {
            assertTrue(all.contains(figure.getValue()), "no panel shows " + figure.getKey() + " (" + figure.getValue() + ")");
        }
    }

    @Test
    void shouldShowEachVenuesSessionTrafficAndWaitingCommandsInAVenuesRow()
    {
        final Map<String, String> required = new java.util.LinkedHashMap<>();
        required.put("session state", "max by (venue) (horizon_venue_session_state{");
        required.put("time since logon or drop", "max by (venue) (horizon_venue_session_state_age_seconds{");
        required.put("messages in", "sum by (venue) (rate(horizon_venue_messages_in_total{");
        required.put("messages out", "sum by (venue) (rate(horizon_venue_messages_out_total{");
        required.put("resends", "sum by (venue) (increase(horizon_venue_resend_requests_total{");
        required.put("reconnects (logons)", "sum by (venue) (increase(horizon_venue_logons_total{");
        required.put("drops", "sum by (venue) (increase(horizon_venue_disconnects_total{");
        required.put("slow-consumer drops", "sum by (venue) (increase(horizon_venue_slow_consumer_disconnects_total{");
        required.put("round trip", "histogram_quantile(0.99, sum by (le, venue) (rate(horizon_order_latency_seconds_bucket{");
        required.put("held commands", "max by (venue) (horizon_venue_held_commands{");
        required.put("deferred commands", "max by (venue) (horizon_venue_deferred_commands{");
        required.put("back-pressure", "sum by (venue) (rate(horizon_venue_back_pressured_total{");
        required.put("held outcomes", "sum by (venue) (rate(horizon_venue_held_expired_total{");
        required.put("FIX round trip (hand-off to first answer)",
            "histogram_quantile(0.99, sum by (le, venue) (rate(horizon_venue_round_trip_latency_seconds_bucket{");
        required.put("drops by reason", "sum by (venue, reason) (increase(horizon_venue_disconnect_reasons_total{");
        required.put("invalid messages", "sum by (venue) (increase(horizon_venue_invalid_messages_total{");
        // Each in a panel under the "Venues" row, before the next row.
        final List<String> inRow = new ArrayList<>();
        boolean venues = false;
        for (final JsonNode panel : dashboard.root().path("panels"))
        {
            if ("row".equals(panel.path("type").asText()))
            {
                venues = "Venues".equals(panel.path("title").asText());
                continue;
            }
            for (final JsonNode target : panel.path("targets"))
            {
                if (venues)
                {
                    inRow.add(target.path("expr").asText());
                }
            }
        }
        final String all = String.join("\n", inRow);
        for (final Map.Entry<String, String> figure : required.entrySet())
        {
            assertTrue(all.contains(figure.getValue()), "the Venues row has no panel of " + figure.getKey() + " (" + figure.getValue() + ")");
        }
    }

    @Test
    void shouldNameEachSeriesByALabelItsQueryKeeps()
    {
        final Pattern placeholder = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
        for (final JsonNode panel : dashboard.dataPanels())
        {
            for (final JsonNode target : panel.path("targets"))
            {
                final String expr = target.path("expr").asText();
                final Matcher m = placeholder.matcher(target.path("legendFormat").asText());
                while (m.find())
                {
                    assertTrue(PromQl.labelNames(expr).contains(m.group(1)), "panel '" + panel.path("title").asText() +
                        "' names its series by {{" + m.group(1) + "}}, which its query does not group by: " + expr);
                }
            }
        }
    }

    @Test
    void shouldLayOutPanelsOnTheGridWithoutOverlap()
    {
        final List<int[]> boxes = new ArrayList<>();
        for (final JsonNode panel : dashboard.dataPanels())
        {
            final JsonNode g = panel.path("gridPos");
            final int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertTrue(box[2] > 0 && box[3] > 0 && box[0] + box[2] <= 24, "panel '" + panel.path("title").asText() +
                "' fits the 24-column grid: " + g);
            for (final int[] other : boxes)
            {
                final boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2] &&
                    box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertFalse(overlap, "panel '" + panel.path("title").asText() + "' overlaps another: " + g);
            }
            boxes.add(box);
        }
    }

    @Test
    void shouldWriteEveryQueryInValidPromQl() throws IOException
    {
        final Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        // promtool checks PromQL in rule files: give it each query as a recording rule.
        final StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (final String query : dashboard.queries())
        {
            rules.append("      - record: dashboard:query_").append(n++).append('\n')
                .append("        expr: '").append(PromQl.withoutGrafanaVariables(query).replace("'", "''")).append("'\n");
        }
        final Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules.toString());
        final ExternalTool.Result result = ExternalTool.run(promtool.toString(), "check", "rules", file.toString());
        assertEquals(0, result.exitCode(), "a dashboard query is not valid PromQL:\n" + result.output() + "\n" + rules);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> datasource()
    {
        final List<Object> datasources = DeployKit.list(
            DeployKit.yaml(DeployKit.deploy("grafana/provisioning/datasources/prometheus.yml")), "datasources");
        assertEquals(1, datasources.size(), "one provisioned datasource");
        return (Map<String, Object>)datasources.get(0);
    }
}
