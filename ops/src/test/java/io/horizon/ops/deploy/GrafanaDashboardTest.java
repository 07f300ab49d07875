package io.horizon.ops.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
