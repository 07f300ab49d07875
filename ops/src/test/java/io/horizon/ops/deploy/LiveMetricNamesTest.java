package io.horizon.ops.deploy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One name per metric: every metric the alert rules, the alert rule tests, the dashboard and
 * {@code /ready} name is one a live daemon (with a paper and a FIX venue) exports, by its scrape, not by a list kept by hand;
 * and every label a dashboard query or an alert groups by or matches on is one the daemon's series of
 * that metric carry (a "by venue" panel over a metric without a venue label draws one unnamed line).
 * (The audit lag was read by {@code /ready} as {@code horizon_audit_flush_lag_seconds}, exported as
 * {@code horizon_audit_flush_lag_records} and alerted on as {@code horizon_audit_flush_lag}, so
 * neither the check nor the alert could fire.)
 */
final class LiveMetricNamesTest
{
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^\n]*})?", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    /** Labels Prometheus puts on every series it scrapes (the target's), not the daemon. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final Pattern METRIC_IN_TEXT = Pattern.compile("\\b(horizon_[a-z0-9_]+)");
    /** Series Prometheus makes itself, not a target. */
    private static final Set<String> PROMETHEUS = Set.of("up");

    @TempDir
    Path dir;

    @Test
    void shouldExportEveryMetricTheAlertsTheDashboardAndReadinessName() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        // The paper preset with a second venue over FIX (to a port nobody listens on: it never logs
        // on, and every order goes to the paper venue), so the FIX venue's metrics are exported too.
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final Path preset = dir.resolve("paper-and-fix.hz.toml");
        Files.writeString(preset, EmbeddedPresets.text(EmbeddedPresets.PAPER) + "\n[[venues]]\nname = \"broker\"\n" +
            "kind = \"fix\"\nhost = \"127.0.0.1\"\nport = " + closedPort + "\nsender_comp_id = \"HORIZON\"\n" +
            "target_comp_id = \"BROKER\"\n");
        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--preset", preset.toString(),
            "--state", dir.resolve("state").toString(),
            "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(port), "--feed-rate", "2000");
        final Set<String> exported = new TreeSet<>();
        final Map<String, Set<String>> labels = new java.util.TreeMap<>();
        final String ready;
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            // The GC pause timer (jvm_gc_pause_seconds, on the dashboard) exists from the first
            // collection on; an allocation-free daemon may not have had one yet, so ask for one.
            collectGarbage(daemon);
            final HttpClient http = HttpClient.newHttpClient();
            // Two sampler intervals, so every meter has been registered once.
            Thread.sleep(2_500);
            final String metrics = get(http, port, "/metrics");
            final Matcher m = SAMPLE.matcher(metrics);
            while (m.find())
            {
                exported.add(m.group(1));
                final Set<String> names = labels.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                final Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (label.find())
                {
                    names.add(label.group(1));
                }
            }
            ready = get(http, port, "/ready");
        }
        finally
        {
            assertEquals(0, HorizonProcess.terminate(daemon), Files.readString(log));
        }

        final Map<String, List<String>> named = new java.util.TreeMap<>();
        final List<String> testSeries = new ArrayList<>();
        for (final Map<String, Object> rule : PrometheusRulesTest.alertRules().values())
        {
            note(named, "deploy/alerts.yml", PromQl.metricNames((String)rule.get("expr")));
        }
        for (final Object test : DeployKit.list(DeployKit.yaml(DeployKit.deploy("alerts.test.yml")), "tests"))
        {
            for (final Object input : DeployKit.list(test, "input_series"))
            {
                final String series = (String)((Map<?, ?>)input).get("series");
                note(named, "deploy/alerts.test.yml", PromQl.metricNames(series));
                testSeries.add(series);
            }
        }
        final List<String> unlabelled = new ArrayList<>();
        for (final String query : GrafanaDashboard.horizon().queries())
        {
            note(named, "deploy/grafana/dashboards/horizon.json", PromQl.metricNames(query));
            unlabelled.addAll(missingLabels("deploy/grafana/dashboards/horizon.json", query, labels));
        }
        for (final Map<String, Object> rule : PrometheusRulesTest.alertRules().values())
        {
            unlabelled.addAll(missingLabels("deploy/alerts.yml", (String)rule.get("expr"), labels));
        }
        for (final String series : testSeries)
        {
            unlabelled.addAll(missingLabels("deploy/alerts.test.yml", series, labels));
        }
        final Matcher inReady = METRIC_IN_TEXT.matcher(ready);
        final Set<String> readyNames = new TreeSet<>();
        while (inReady.find())
        {
            readyNames.add(inReady.group(1));
        }
        assertTrue(readyNames.contains("horizon_audit_flush_lag_records"), "/ready names the metric it reads: " + ready);
        note(named, "/ready", readyNames);

        final List<String> missing = new ArrayList<>();
        for (final Map.Entry<String, List<String>> e : named.entrySet())
        {
            if (!exported.contains(e.getKey()) && !PROMETHEUS.contains(e.getKey()))
            {
                missing.add(e.getKey() + " (in " + e.getValue() + ")");
            }
        }
        assertTrue(missing.isEmpty(), "named but not exported by a live daemon: " + missing + "\nexported: " + exported);
        assertTrue(unlabelled.isEmpty(), "grouped by or matched on a label the live daemon's series do not carry: " +
            unlabelled + "\nlabels: " + labels);
    }

    /**
     * @return each label the expression groups by or matches on that one of its metrics, as the
     *         live daemon exports it, does not carry (the target's own labels aside).
     */
    private static List<String> missingLabels(final String where, final String expression, final Map<String, Set<String>> labels)
    {
        final List<String> missing = new ArrayList<>();
        for (final String label : PromQl.labelNames(expression))
        {
            for (final String name : PromQl.metricNames(expression))
            {
                if (!TARGET_LABELS.contains(label) && labels.containsKey(name) && !labels.get(name).contains(label))
                {
                    missing.add(name + " has no label '" + label + "' (" + where + ": " + expression + ")");
                }
            }
        }
        return missing;
    }

    private static void note(final Map<String, List<String>> named, final String where, final Set<String> names)
    {
        for (final String name : names)
        {
            final List<String> places = named.computeIfAbsent(name, k -> new ArrayList<>());
            if (!places.contains(where))
            {
                places.add(where);
            }
        }
    }

    private static String get(final HttpClient http, final int port, final String path) throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Runs one garbage collection in the daemon, with the JDK's own {@code jcmd PID GC.run}. */
    private static void collectGarbage(final Process daemon) throws Exception
    {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(daemon.pid()), "GC.run")
            .redirectErrorStream(true).start();
        final String out = new String(gc.getInputStream().readAllBytes());
        assertEquals(0, gc.waitFor(), "jcmd GC.run on the daemon: " + out);
    }
}
