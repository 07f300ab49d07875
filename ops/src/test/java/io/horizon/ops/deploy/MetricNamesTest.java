package io.horizon.ops.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric an alert rule or a dashboard query selects is one Horizon exports
 * ({@link ExportedMetrics}): a misspelt name would give an alert that never fires and a
 * panel that stays empty, and neither Prometheus nor Grafana complains about it.
 */
final class MetricNamesTest
{
    @Test
    void shouldUseOnlyExportedMetricsInAlertRules()
    {
        final List<String> expressions = new ArrayList<>();
        for (final Map<String, Object> rule : PrometheusRulesTest.alertRules().values())
        {
            expressions.add((String)rule.get("expr"));
        }
        assertKnown("deploy/alerts.yml", expressions);
    }

    @Test
    void shouldUseOnlyExportedMetricsInTheAlertRuleTests()
    {
        final List<String> series = new ArrayList<>();
        for (final Object test : DeployKit.list(DeployKit.yaml(DeployKit.deploy("alerts.test.yml")), "tests"))
        {
            for (final Object input : DeployKit.list(test, "input_series"))
            {
                series.add((String)((Map<?, ?>)input).get("series"));
            }
        }
        assertKnown("deploy/alerts.test.yml", series);
    }

    @Test
    void shouldUseOnlyExportedMetricsInTheDashboard()
    {
        final List<String> queries = GrafanaDashboard.horizon().queries();
        assertTrue(queries.size() >= 10, "the dashboard has its queries: " + queries.size());
        assertKnown("deploy/grafana/dashboards/horizon.json", queries);
    }

    @Test
    void shouldFindTheNamesInAQueryAndNothingElse()
    {
        assertEquals(Set.of("horizon_order_latency_seconds_bucket"), PromQl.metricNames(
            "histogram_quantile(0.99, sum by (le) (rate(horizon_order_latency_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"));
        assertEquals(Set.of("horizon_audit_flush_lag_records"), PromQl.metricNames(
            "horizon_audit_flush_lag_records > 0 and deriv(horizon_audit_flush_lag_records[5m]) > 0"));
        assertEquals(Set.of("up", "horizon_kill_switch_engaged"), PromQl.metricNames(
            "max by (instance) (horizon_kill_switch_engaged) > 0 or on(instance) up{job=\"horizon\"} offset 5m == 0"));
    }

    @Test
    void shouldFindTheLabelsAQueryGroupsByAndMatchesOn()
    {
        assertEquals(Set.of("le", "venue", "instance"), PromQl.labelNames(
            "histogram_quantile(0.99, sum by (le, venue) (rate(horizon_order_latency_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"));
        assertEquals(Set.of("job"), PromQl.labelNames("min(up{job=\"a,b=c\"})"));
        assertEquals(Set.of(), PromQl.labelNames("sum(rate(horizon_fills_total[1m]))"));
    }

    private static void assertKnown(final String file, final List<String> expressions)
    {
        final Set<String> known = ExportedMetrics.all();
        final Set<String> unknown = new TreeSet<>();
        for (final String expression : expressions)
        {
            for (final String name : PromQl.metricNames(expression))
            {
                if (!known.contains(name))
                {
                    unknown.add(name);
                }
            }
        }
        assertTrue(unknown.isEmpty(), file + " selects metrics Horizon does not export: " + unknown +
            "; fix the name, or export the metric");
    }
}
