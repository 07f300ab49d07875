package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.util.Locale;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskCounters;
import io.horizon.engine.risk.RiskLayer;
import io.horizon.journal.SyncPolicy;

/**
 * What a run did, for the operator at exit: events in, the threading mode and why, orders, fills,
 * rejects by reason, ring drops, errors, the kill switch and watchdog, and each account's
 * positions and equity.
 *
 * @param text         the human-readable summary.
 * @param drained      true when the rings drained before stop.
 * @param handlerErrors exceptions caught in the pipeline.
 * @param feedFailure  why the feed stopped early, or {@code null}.
 */
public record RunSummary(String text, boolean drained, long handlerErrors, Throwable feedFailure)
{
    /**
     * Reads a stopped pipeline.
     */
    static RunSummary of(
        final EnginePipeline pipeline,
        final RiskChain risk,
        final ReferenceData referenceData,
        final boolean drained,
        final long elapsedNanos,
        final Path state,
        final long recoveredEvents,
        final long recoveryNanos,
        final SyncPolicy journalSync,
        final Throwable feedFailure,
        final String feedReport)
    {
        final EngineCounters c = pipeline.counters();
        final StringBuilder sb = new StringBuilder(1024);
        final double seconds = elapsedNanos / 1e9;
        sb.append(String.format(Locale.ROOT, "Horizon run summary (%.1f s, state %s)%n", seconds, state));
        if (recoveredEvents > 0)
        {
            sb.append(String.format(Locale.ROOT, "recovered from the journal %14d events in %.2f s%n",
                recoveredEvents, recoveryNanos / 1e9));
        }
        line(sb, "events in (this run)", c.eventsProcessed.get() - recoveredEvents);
        line(sb, "  quotes", c.quotes.get());
        line(sb, "  trades", c.trades.get());
        line(sb, "events journaled (this run)", c.journalEvents.get());
        sb.append("  (journal sync policy: ").append(journalSync.configName()).append(")\n");
        sb.append("engine threading: ").append(pipeline.threading().configName())
            .append(" (").append(pipeline.threadingReason()).append(")\n");
        sb.append("engine clock: ").append("recorded".equals(pipeline.clockName()) ?
            "recorded (the data's own time: events, heartbeats, outputs and audit rows carry it)" :
            "wall (live)").append('\n');
        sb.append(feedReport);
        line(sb, "orders received", c.ordersReceived.get());
        line(sb, "orders submitted", c.ordersSubmitted.get());
        line(sb, "fills", c.fills.get());
        line(sb, "cancels requested", c.cancelsRequested.get());
        line(sb, "amends requested", c.amendsRequested.get());
        line(sb, "orders still live", c.liveOrders.get());
        sb.append("rejects by reason:\n");
        boolean anyReject = false;
        for (final RejectReason reason : RejectReason.values())
        {
            final long n = c.rejects(reason);
            if (n > 0)
            {
                anyReject = true;
                sb.append(String.format(Locale.ROOT, "  %-28s %12d   (layer %s: %s)%n",
                    reason.name().toLowerCase(Locale.ROOT), n, reason.layer(), reason.template().trim()));
            }
        }
        if (!anyReject)
        {
            sb.append("  none\n");
        }
        appendRisk(sb, risk);
        line(sb, "ring drops (market data)", c.marketDataDropped.get());
        line(sb, "ring drops (heartbeats)", c.heartbeatsDropped.get());
        line(sb, "venue commands", c.venueCommands.get());
        line(sb, "venue errors", c.venueErrors.get());
        line(sb, "handler errors", c.handlerErrors.get());
        line(sb, "late venue responses", c.unknownOrderResponses.get());
        if (!drained)
        {
            sb.append("WARNING: the rings did not drain before stop; some queued events were not processed\n");
        }
        final long[] abandoned = pipeline.abandonedRecords();
        if (abandoned[0] > 0 || abandoned[1] > 0)
        {
            sb.append(String.format(Locale.ROOT, "WARNING: the journal failed while stopping: %d inbound events and %d outputs " +
                "could not be journaled and were not acted on (horizon_journal_abandoned_total)%n", abandoned[0], abandoned[1]));
        }
        if (feedFailure != null)
        {
            sb.append("FEED FAILED: ").append(feedFailure.getMessage()).append('\n');
        }

        final PositionBook positions = pipeline.blp().positions();
        for (final Account account : referenceData.accounts())
        {
            final int a = account.id();
            sb.append("account ").append(account.name()).append(": equity ");
            FixedPoint.appendTo(sb, positions.equity(a)).append(", cash ");
            FixedPoint.appendTo(sb, positions.cash(a)).append(", realised PnL ");
            FixedPoint.appendTo(sb, positions.realisedPnl(a)).append(", unrealised PnL ");
            FixedPoint.appendTo(sb, positions.unrealisedPnl(a)).append('\n');
            for (final Instrument instrument : referenceData.instruments())
            {
                final long q = positions.position(a, instrument.id());
                if (q != 0)
                {
                    sb.append("  ").append(String.format(Locale.ROOT, "%-8s", instrument.symbol())).append(" position ");
                    FixedPoint.appendTo(sb, q).append(" @ avg ");
                    FixedPoint.appendTo(sb, positions.averagePrice(a, instrument.id())).append('\n');
                }
            }
        }
        return new RunSummary(sb.toString(), drained, c.handlerErrors.get(), feedFailure);
    }

    private static void appendRisk(final StringBuilder sb, final RiskChain risk)
    {
        if (risk == null || risk.counters() == null)
        {
            return;
        }
        final RiskCounters rc = risk.counters();
        sb.append("risk (").append(risk.config().profile().configName()).append(" profile): kill switch ")
            .append(risk.killSwitch()).append('\n');
        line(sb, "  watchdog halts", rc.watchdogHalts.get());
        line(sb, "  limit changes applied", rc.limitChangesApplied.get());
        line(sb, "  limit changes refused", rc.limitChangesRefused.get());
        sb.append(String.format(Locale.ROOT, "  %-26s %14s %14s%n", "decisions by layer", "accept", "reject"));
        for (final RiskLayer layer : RiskLayer.values())
        {
            sb.append(String.format(Locale.ROOT, "    %-24s %14d %14d%n", layer.label(), rc.accepts(layer), rc.rejects(layer)));
        }
    }

    private static void line(final StringBuilder sb, final String label, final long value)
    {
        sb.append(String.format(Locale.ROOT, "%-28s %14d%n", label, value));
    }
}
