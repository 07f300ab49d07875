package io.horizon.ops.alerting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.watchdog.FeedStatus;
import io.horizon.engine.watchdog.HaltReason;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.flush.CauseLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which engine alerts become which audit categories, severities, subjects and runbooks.
 */
final class OutputAlertsTest
{
    @TempDir
    Path state;

    private final List<String> sent = new ArrayList<>();

    @Test
    void shouldNameFeedAndWatchdogAlertsWithTheirCategoriesSubjectsAndTheEnginesRunbook()
    {
        final ReferenceData ref = ReferenceData.builder().instrument("AAPL", 10_000, 190_000_000).account("paper", 1_000_000_000_000L).build();
        final OutputAlerts alerts = new OutputAlerts(new AuditAlertBridge((severity, title, message, extra) ->
            sent.add(severity.wireName() + "|" + extra.get("category") + "|" + extra.get("dedup_key") + "|" + extra.get("runbook"))),
            new AuditMapping(ref, "paper", List.of()), ref);
        try (CauseLookup causes = new CauseLookup(state))
        {
            assertTrue(alerts.onOutput(alert(AlertKind.WATCHDOG_HALT, HaltReason.FEED_STALE.code(), 3, -1, Runbook.FEED_STALE), 0, causes));
            assertTrue(alerts.onOutput(alert(AlertKind.FEED_DEGRADED, 3, 0, -1, Runbook.FEED_STALE), 1, causes));
            assertTrue(alerts.onOutput(alert(AlertKind.FEED_RECOVERED, 3, FeedStatus.STALE.code(), -1, Runbook.FEED_STALE), 2, causes));
            assertTrue(alerts.onOutput(alert(AlertKind.WATCHDOG_HALT, HaltReason.INTRADAY_LOSS.code(), 0, 0, Runbook.WATCHDOG_HALT), 3, causes));
            assertTrue(alerts.onOutput(alert(AlertKind.WATCHDOG_HALT, HaltReason.DRAWDOWN.code(), 0, -1, Runbook.KILL_SWITCH), 4, causes));
            assertFalse(alerts.onOutput(alert(AlertKind.LIMIT_CHANGED, 1, 0, -1, Runbook.RISK_LIMITS), 5, causes), "limit changes page nobody");
            assertFalse(alerts.onOutput(alert(AlertKind.KILL_SWITCH_RESET, -1, 1, -1, Runbook.KILL_SWITCH), 5, causes),
                "a reset while the switch was not engaged resolves nothing");
            final EngineOutput report = new EngineOutput();
            report.kind = OutputKind.EXECUTION_REPORT;
            assertFalse(alerts.onOutput(report, 6, causes), "an ordinary report is not an alert");
        }
        assertEquals(List.of(
            "error|feed.stale|horizon:feed:feed 3|deploy/runbooks/feed-stale.md",
            "warning|feed.stale|horizon:feed:feed 3|deploy/runbooks/feed-stale.md",
            "info|feed.recovered|horizon:feed:feed 3|deploy/runbooks/feed-stale.md",
            "critical|watchdog.halt|horizon:watchdog:intraday_loss paper|deploy/runbooks/watchdog-halt.md",
            "critical|watchdog.halt|horizon:watchdog:drawdown|deploy/runbooks/kill-switch.md"), sent);
    }

    private static EngineOutput alert(final AlertKind kind, final int code, final int detail, final int accountId, final Runbook runbook)
    {
        final EngineOutput o = new EngineOutput();
        o.kind = OutputKind.ALERT;
        o.alertKind = kind;
        o.alertCode = code;
        o.alertDetail = detail;
        o.accountId = accountId;
        o.runbook = runbook;
        return o;
    }
}
