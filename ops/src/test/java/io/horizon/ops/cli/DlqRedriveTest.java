package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.venue.Venue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.daemon.EngineAssembly;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.support.DownVenue;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon dlq redrive} end to end, every party a separate process: a real daemon on a
 * state directory whose journal holds orders a failing venue could not take (so its dead-letter
 * flusher captures them), and the CLI asking it through the control channel. The daemon sends the
 * order through order entry and risk, bumps {@code retry_count} once and audits the redrive with
 * the operator; refusals (unknown, dismissed, no daemon) change nothing.
 */
final class DlqRedriveTest
{
    @TempDir
    Path dir;

    /**
     * The run before: the embedded paper preset's engine (what {@code horizon run} builds), with a
     * venue that raises on every call, takes two orders. Its journal then holds two venue failures,
     * which the daemon started next on the same state turns into dead letters.
     */
    private static void runWithAFailingVenue(final Path state) throws Exception
    {
        final Preset preset = EmbeddedPresets.paper();
        JournalManifest.openOrCreate(state, preset.engine().seed(), preset.engine().orderCapacity());
        final Venue down = new DownVenue();
        try (ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state);
            ChronicleJournal journal = ChronicleJournal.open(state, preset.journal().sync(), preset.journal().syncIntervalMillis()))
        {
            final EnginePipeline pipeline = EngineAssembly.blp(preset, preset.engine())
                .journal(journal).outputJournal(outputs).sideEffects(false).venue(down).build().start();
            JournalRecovery.replay(state, pipeline, n -> { });
            pipeline.goLive();
            // Quotes first: risk checks a limit price against the market before anything reaches the venue.
            final long now = System.currentTimeMillis() * 1_000_000L;
            assertTrue(pipeline.marketData().quote(now, 0, 1, 0, FixedPoint.parse("189.9"), FixedPoint.ofUnits(100),
                FixedPoint.parse("190.1"), FixedPoint.ofUnits(100)));
            assertTrue(pipeline.marketData().quote(now, 0, 2, 1, FixedPoint.parse("419.9"), FixedPoint.ofUnits(100),
                FixedPoint.parse("420.1"), FixedPoint.ofUnits(100)));
            assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(0, 0, Side.BUY, OrderType.LIMIT,
                FixedPoint.parse("189.5"), FixedPoint.ofUnits(5), 1, 101));
            assertEquals(RejectReason.NONE, pipeline.orderEntry().newOrder(0, 1, Side.SELL, OrderType.LIMIT,
                FixedPoint.parse("421"), FixedPoint.ofUnits(3), 1, 102));
            assertTrue(pipeline.awaitIdle(10_000));
            assertTrue(pipeline.drainAndStop());
        }
    }

    @Test
    void shouldRedriveThroughTheRunningDaemonOnceAndRefuseWhatCannotBeSent() throws Exception
    {
        final Path state = dir.resolve("state");
        Files.createDirectories(state);
        runWithAFailingVenue(state);
        final String operator = "user:" + Files.getOwner(Files.createTempFile(dir, "me", "")).getName();

        final Path log = dir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--state", state.toString(), "--metrics-port", "0",
            "--feed-rate", "200");
        final List<DlqEntry> open;
        final String redriven;
        final String dismissed;
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            // The market maker's quotes failed too; the two orders of the test are told by their size.
            open = await(() ->
            {
                final List<DlqEntry> entries = dlq(state, s -> s.list(true)).stream()
                    .filter(e -> "5".equals(e.quantity()) || "3".equals(e.quantity())).toList();
                return entries.size() == 2 ? entries : null;
            }, "two dead letters captured from the journal");
            assertEquals("AAPL", open.get(0).marketId());
            assertEquals("MSFT", open.get(1).marketId());
            redriven = open.get(0).dlqId();
            dismissed = open.get(1).dlqId();

            final HorizonProcess.Result sent = HorizonProcess.run(dir, "dlq", "redrive", redriven, "--state", state.toString());
            assertEquals(0, sent.exitCode(), sent::toString);
            final DlqEntry after = dlq(state, s -> s.get(redriven));
            assertEquals(1, after.retryCount(), "bumped once, by the daemon");
            final String clientOrderId = after.lastRedriveClientOrderId();
            assertTrue(clientOrderId.startsWith("hzn_") && !clientOrderId.equals(open.get(0).clientOrderId()), clientOrderId);
            assertTrue(sent.output().contains(redriven + " sent again as " + clientOrderId +
                " (retry 1); journaled and processed by the engine; operator " + operator), sent::toString);

            // Through the engine and its risk checks: the new order is journaled and judged, so the
            // audit log shows it sent to the venue, or refused by a risk layer (the synthetic market
            // may have moved away from the old price), never a venue failure.
            final AuditEvent judged = await(() -> audit(state, "order.submitted,order.rejected").stream()
                .filter(e -> clientOrderId.equals(e.clientOrderId())).findFirst().orElse(null), "risk's verdict on " + clientOrderId);
            assertEquals("AAPL", judged.marketId());
            assertTrue(judged.category().equals("order.submitted") || !judged.payload().contains("venue_exception"), judged::toString);
            final List<AuditEvent> audited = await(() ->
            {
                final List<AuditEvent> events = audit(state, "dlq.redriven");
                return events.isEmpty() ? null : events;
            }, "dlq.redriven");
            assertEquals(1, audited.size());
            assertEquals(operator, audited.get(0).actor());
            assertEquals(clientOrderId, audited.get(0).clientOrderId());
            assertTrue(audited.get(0).payload().contains("\"retry_count\":1"), audited.get(0).payload());

            // --postgres names another store than the one this daemon redrives from: refused, nothing sent.
            final HorizonProcess.Result elsewhere = HorizonProcess.inProcess("dlq", "redrive", dismissed, "--postgres",
                "--writer", "desk-a", "--state", state.toString());
            assertEquals(2, elsewhere.exitCode(), elsewhere::toString);
            assertTrue(elsewhere.output().contains("keeps its dead letters in " + state.toAbsolutePath().resolve("dlq.db") +
                ", not in PostgreSQL; drop --postgres --writer desk-a. Nothing was sent"), elsewhere::toString);

            final HorizonProcess.Result unknown = HorizonProcess.run(dir, "dlq", "redrive", "dlq_00000000000fffff",
                "--state", state.toString());
            assertEquals(1, unknown.exitCode(), unknown::toString);
            assertTrue(unknown.output().contains("horizon: error: Horizon on " + state.toAbsolutePath() +
                " refused to redrive dlq_00000000000fffff (refused): no dead letter dlq_00000000000fffff"), unknown::toString);

            assertEquals(0, HorizonProcess.inProcess("dlq", "dismiss", dismissed, "--state", state.toString(),
                "--reason", "desk re-entered it by hand").exitCode());
            final HorizonProcess.Result refused = HorizonProcess.run(dir, "dlq", "redrive", dismissed, "--state", state.toString());
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.output().contains("a dismissed entry is not sent again"), refused::toString);
            assertEquals(0, dlq(state, s -> s.get(dismissed)).retryCount());

            final HorizonProcess.Result badId = HorizonProcess.inProcess("dlq", "redrive", "dlq_42", "--state", state.toString());
            assertEquals(2, badId.exitCode(), badId::toString);
        }
        finally
        {
            assertEquals(0, HorizonProcess.terminate(daemon), () -> readLog(log));
        }
        assertEquals(1, dlq(state, s -> s.get(redriven)).retryCount(), "refusals changed nothing");
        assertEquals(1, audit(state, "dlq.redriven").size());
        final String daemonLog = readLog(log);
        assertTrue(daemonLog.contains("operator redrive of " + redriven + " by " + operator), daemonLog);

        final HorizonProcess.Result stopped = HorizonProcess.inProcess("dlq", "redrive", redriven, "--state", state.toString());
        assertEquals(2, stopped.exitCode(), stopped::toString);
        assertTrue(stopped.output().contains("no Horizon daemon is running on " + state.toAbsolutePath()), stopped::toString);
        assertEquals(1, dlq(state, s -> s.get(redriven)).retryCount(), "without a daemon nothing changes");
        try (AuditStore store = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
        {
            assertTrue(store.verify(n -> { }).verified());
        }
    }

    private interface DlqRead<T>
    {
        T read(DlqStore store);
    }

    private static <T> T dlq(final Path state, final DlqRead<T> read)
    {
        try (DlqStore store = DlqStore.openExisting(state.resolve(DlqStore.FILE_NAME), SqliteFile.Access.READ))
        {
            return read.read(store);
        }
    }

    private static List<AuditEvent> audit(final Path state, final String category)
    {
        final List<AuditEvent> events = new ArrayList<>();
        try (AuditStore store = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
        {
            store.forEach(new AuditQuery(null, null, List.of(category.split(",")), null, null, Long.MAX_VALUE), events::add);
        }
        return events;
    }

    private static <T> T await(final Supplier<T> probe, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HorizonProcess.TIMEOUT_S);
        while (System.nanoTime() < deadline)
        {
            try
            {
                final T value = probe.get();
                if (value != null)
                {
                    return value;
                }
            }
            catch (final RuntimeException notYet)
            {
                // The store may not exist yet in the first moments of the run.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String readLog(final Path log)
    {
        try
        {
            return Files.readString(log);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
