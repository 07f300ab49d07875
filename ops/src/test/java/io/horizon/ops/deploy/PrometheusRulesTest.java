package io.horizon.ops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks deploy/prometheus.yml and deploy/alerts.yml: promtool accepts them, the rules'
 * unit tests in deploy/alerts.test.yml pass and cover every alert, the required alerts exist,
 * and every {@code runbook_url} names an existing runbook and section.
 */
final class PrometheusRulesTest
{
    /** The base every runbook_url shares; deploy/README.md tells users to replace it once. */
    static final String RUNBOOK_BASE = "https://git.example.com/horizon/blob/main/";
    private static final Pattern RUNBOOK_URL = Pattern.compile(Pattern.quote(RUNBOOK_BASE) + "(deploy/runbooks/[\\w-]+\\.md)(?:#([\\w-]+))?");

    private final Map<String, Map<String, Object>> alerts = alertRules();

    @Test
    void shouldPassPromtoolCheckConfigAndCheckRules()
    {
        final Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        final ExternalTool.Result config = ExternalTool.run(promtool.toString(), "check", "config", "deploy/prometheus.yml");
        assertEquals(0, config.exitCode(), config.output());
        final ExternalTool.Result rules = ExternalTool.run(promtool.toString(), "check", "rules", "deploy/alerts.yml");
        assertEquals(0, rules.exitCode(), rules.output());
    }

    @Test
    void shouldPassTheAlertUnitTestsAndTestEveryAlert()
    {
        final Path promtool = ExternalTool.require("promtool", "apt-get install prometheus");
        final ExternalTool.Result result = ExternalTool.run(promtool.toString(), "test", "rules", "deploy/alerts.test.yml");
        assertEquals(0, result.exitCode(), result.output());

        final Set<String> tested = new HashSet<>();
        for (final Object test : DeployKit.list(DeployKit.yaml(DeployKit.deploy("alerts.test.yml")), "tests"))
        {
            for (final Object alertTest : DeployKit.list(test, "alert_rule_test"))
            {
                tested.add((String)((Map<?, ?>)alertTest).get("alertname"));
            }
        }
        final Set<String> untested = new HashSet<>(alerts.keySet());
        untested.removeAll(tested);
        assertTrue(untested.isEmpty(), "alerts without a test in deploy/alerts.test.yml: " + untested);
    }

    @Test
    void shouldAlertOnHorizonDownKillSwitchStaleFeedDlqDepthAndAuditFlushLag()
    {
        assertAlertOn("HorizonDown", "up{job=\"horizon\"}");
        assertAlertOn("HorizonKillSwitchEngaged", "horizon_kill_switch_engaged");
        assertAlertOn("HorizonFeedStale", "horizon_feed_heartbeat_age_seconds");
        assertAlertOn("HorizonDlqNotEmpty", "horizon_dlq_depth");
        assertAlertOn("HorizonAuditFlushLagging", "horizon_audit_flush_lag_records");
        for (final Map.Entry<String, Map<String, Object>> alert : alerts.entrySet())
        {
            final Map<String, Object> labels = DeployKit.map(alert.getValue(), "labels");
            assertTrue(Set.of("critical", "warning").contains(labels.get("severity")), alert.getKey() + " has a severity");
            final Map<String, Object> annotations = DeployKit.map(alert.getValue(), "annotations");
            for (final String key : List.of("summary", "description", "runbook_url"))
            {
                assertTrue(annotations.get(key) instanceof String, alert.getKey() + " has a " + key + " annotation");
            }
        }
    }

    @Test
    void shouldPointEveryRunbookUrlAtAnExistingRunbookAndSection()
    {
        for (final Map.Entry<String, Map<String, Object>> alert : alerts.entrySet())
        {
            final String url = (String)DeployKit.map(alert.getValue(), "annotations").get("runbook_url");
            final Matcher m = RUNBOOK_URL.matcher(url);
            assertTrue(m.matches(), alert.getKey() + ": runbook_url must be " + RUNBOOK_BASE +
                "deploy/runbooks/<name>.md[#section]: " + url);
            final Path runbook = DeployKit.root().resolve(m.group(1));
            assertTrue(Files.isRegularFile(runbook), alert.getKey() + ": no runbook " + runbook);
            if (m.group(2) != null)
            {
                assertTrue(Markdown.anchors(DeployKit.read(runbook)).contains(m.group(2)),
                    alert.getKey() + ": " + m.group(1) + " has no section #" + m.group(2));
            }
        }
    }

    @Test
    void shouldScrapeHorizonsMetricsEndpointAndLoadTheRules()
    {
        final Map<String, Object> config = DeployKit.yaml(DeployKit.deploy("prometheus.yml"));
        assertEquals(List.of("alerts.yml"), DeployKit.list(config, "rule_files"),
            "rule files relative to prometheus.yml, so the same path works in the container and in CI");
        Map<?, ?> horizon = null;
        for (final Object job : DeployKit.list(config, "scrape_configs"))
        {
            if ("horizon".equals(((Map<?, ?>)job).get("job_name")))
            {
                horizon = (Map<?, ?>)job;
            }
        }
        assertTrue(horizon != null, "a scrape job named horizon (alerts and dashboard select job=\"horizon\")");
        assertEquals("/metrics", horizon.get("metrics_path"));
        final Object targets = ((Map<?, ?>)((List<?>)horizon.get("static_configs")).get(0)).get("targets");
        assertEquals(List.of("horizon:9100"), targets);
    }

    private void assertAlertOn(final String name, final String selector)
    {
        final Map<String, Object> rule = alerts.get(name);
        assertTrue(rule != null, "deploy/alerts.yml has no alert " + name);
        assertTrue(((String)rule.get("expr")).contains(selector), name + " must watch " + selector + ": " + rule.get("expr"));
    }

    /**
     * @return every alerting rule in deploy/alerts.yml by alert name.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> alertRules()
    {
        final Map<String, Map<String, Object>> rules = new TreeMap<>();
        for (final Object group : DeployKit.list(DeployKit.yaml(DeployKit.deploy("alerts.yml")), "groups"))
        {
            for (final Object rule : DeployKit.list(group, "rules"))
            {
                final Map<String, Object> r = (Map<String, Object>)rule;
                if (r.containsKey("alert"))
                {
                    assertTrue(rules.put((String)r.get("alert"), r) == null, "duplicate alert " + r.get("alert"));
                }
            }
        }
        return rules;
    }
}
