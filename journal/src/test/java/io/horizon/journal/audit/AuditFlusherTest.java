package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskLayer;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.sqlite.ConnectionSource;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.support.AuditRows;
import io.horizon.journal.support.RecordingAlerts;
import io.horizon.journal.support.TradingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit flusher against a real trading pipeline journaling to Chronicle: every report and
 * control becomes its events once, the position survives restarts, and a locked, read-only or
 * full database is waited out while trading goes on, losing nothing.
 */
final class AuditFlusherTest
{
    private static final long WAIT_MS = 20_000;

    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    @TempDir
    Path other;

    private FlushLoop startLoop(final AuditStore store, final FlusherCounters counters, final RecordingAlerts alerts)
    {
        return new AuditFlusher(state, store, AuditRows.mapping(ref), counters).start(alerts);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private void assertSameAsAFreshFlush(final Path db) throws SQLException
    {
        final Path reference = other.resolve("reference.db");
        AuditRows.flushFresh(state, reference, ref);
        final List<String> expected = AuditRows.content(reference);
        assertTrue(expected.size() > 10, "the session produced events: " + expected.size());
        assertEquals(expected, AuditRows.content(db), "every journal entry became its events exactly once");
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            final ChainVerification v = store.verify(n -> { });
            assertTrue(v.verified(), v.summary());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldWriteEveryReportAndControlOnceInAVerifiedChain(final ThreadingMode threading) throws Exception
    {
        final Path db = state.resolve(AuditStore.FILE_NAME);
        final FlusherCounters counters = FlusherCounters.audit(new EngineCounters());
        final RecordingAlerts alerts = new RecordingAlerts();
        final AuditStore store = AuditStore.forFlusher(db);
        final TradingSession session = new TradingSession(state, new PaperVenue(ref, 256),
            new RiskChain(RiskConfig.builder(RiskProfile.AGGRESSIVE).build()), threading);
        final FlushLoop loop = startLoop(store, counters, alerts);
        try
        {
            session.trade(5);
            session.control(ControlAction.KILL, 0, "user:alice: fat finger on MSFT");
            session.trade(1);
            session.control(ControlAction.RESET, 0, "user:carol: ");
            session.control(ControlAction.RESET, 0, "user:bob: checked, all clear");
            session.trade(1);
        }
        finally
        {
            session.close();
            assertTrue(loop.stop(WAIT_MS), "final flush reached the journal's end");
            store.close();
        }

        final List<AuditEvent> events = AuditRows.all(db);
        final long pendingNew = session.reports().matching(r -> r.execType == ExecType.PENDING_NEW).size();
        final long fills = session.reports().matching(r -> r.execType == ExecType.FILL || r.execType == ExecType.PARTIAL_FILL).size();
        final long canceled = session.reports().matching(r -> r.execType == ExecType.CANCELED).size();
        final long reports = session.reports().matching(r -> r.kind == OutputKind.EXECUTION_REPORT).size();
        assertEquals(pendingNew, count(events, "order.submitted"));
        assertEquals(fills, count(events, "order.filled"));
        assertEquals(canceled, count(events, "order.canceled"));
        final long alertOutputs = session.reports().matching(r -> r.kind == OutputKind.ALERT).size();
        final long riskRefusals = session.reports().matching(r -> r.kind == OutputKind.EXECUTION_REPORT &&
            Arrays.stream(RiskLayer.values()).anyMatch(l -> l.label().equals(r.rejectReason.layer()))).size();
        assertTrue(session.reports().matching(r -> r.rejectReason == RejectReason.KILL_SWITCH).size() > 0,
            "orders were refused while the switch was engaged");
        assertEquals(riskRefusals, count(events, "risk.decision"));
        assertEquals(3, count(events, "control.received"));
        assertEquals(reports + riskRefusals + alertOutputs + 3, events.size(),
            "one event per report, per risk refusal and per alert, plus the three commands");
        assertEquals(events.size(), counters.written.get());

        final AuditEvent asked = events.stream().filter(e -> e.category().equals("control.received")).findFirst().orElseThrow();
        assertEquals("user:alice", asked.actor());
        assertEquals("kill switch requested: fat finger on MSFT", asked.message());
        final AuditEvent kill = events.stream().filter(e -> e.category().equals("killswitch.fired")).findFirst().orElseThrow();
        assertEquals("user:alice", kill.actor(), "the effect names who caused it");
        assertEquals("critical", kill.severity());
        assertTrue(kill.message().startsWith("kill switch fired: "), kill.message());
        assertTrue(kill.payload().contains("\"runbook\":\"deploy/runbooks/kill-switch.md\""), kill.payload());
        final AuditEvent refused = events.stream().filter(e -> e.category().equals("killswitch.reset_refused")).findFirst()
            .orElseThrow(() -> new AssertionError("a reset without a reason is audited as refused, not as a reset"));
        assertEquals("user:carol", refused.actor());
        assertEquals(1, count(events, "killswitch.reset"), "only the reset with a reason reset the switch");
        final AuditEvent reset = events.stream().filter(e -> e.category().equals("killswitch.reset")).findFirst().orElseThrow();
        assertEquals("user:bob", reset.actor());
        final AuditEvent decision = events.stream()
            .filter(e -> e.category().equals("risk.decision") && e.message().contains("layer kill_switch")).findFirst().orElseThrow();
        assertTrue(decision.message().startsWith("pre-trade risk layer kill_switch refused "), decision.message());
        assertEquals("alice", decision.accountId());

        final AuditEvent fill = events.stream().filter(e -> e.category().equals("order.filled")).findFirst().orElseThrow();
        assertEquals("alice", fill.accountId());
        assertEquals("paper", fill.venueName());
        assertEquals("client", fill.actor());
        assertTrue(fill.clientOrderId().startsWith("hzn_"), fill.clientOrderId());
        assertTrue(fill.message().startsWith("filled 1 AAPL @ 190.01 (BUY, 1 of 1 filled, 0 left)"), fill.message());
        assertTrue(fill.payload().contains("\"exec_type\":\"FILL\""), fill.payload());
        assertTrue(fill.correlationId().startsWith("journal:"), fill.correlationId());

        try (AuditStore reader = AuditStore.forFlusher(db))
        {
            final JournalPosition position = reader.position(AuditFlusher.POSITION);
            assertEquals(session.journaledRecords(state), position.records(), "the position is the journal's end");
        }
        assertSameAsAFreshFlush(db);
        assertEquals(List.of(), alerts.all());
    }

    @ParameterizedTest(name = "first run {0}, restart {1}")
    @CsvSource({"SHARED, DEDICATED", "DEDICATED, SHARED"})
    void shouldContinueFromTheCommittedPositionAfterARestartWithoutDuplicates(final ThreadingMode firstMode,
        final ThreadingMode restartMode) throws Exception
    {
        final Path db = state.resolve(AuditStore.FILE_NAME);
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256), firstMode))
        {
            session.trade(3);
            final AuditStore store = AuditStore.forFlusher(db);
            final FlushLoop first = startLoop(store, FlusherCounters.audit(new EngineCounters()), new RecordingAlerts());
            session.trade(3);
            assertTrue(first.stop(WAIT_MS));
            store.close();

            session.trade(3);
        }
        // The engine restarts in the other mode on the same journal, recovers it and trades on.
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256), restartMode))
        {
            session.trade(2);
            session.control(ControlAction.KILL, 0, "end of test");
        }
        final AuditStore store = AuditStore.forFlusher(db);
        final FlushLoop second = startLoop(store, FlusherCounters.audit(new EngineCounters()), new RecordingAlerts());
        assertTrue(second.stop(WAIT_MS));
        store.close();

        assertSameAsAFreshFlush(db);
    }

    @Test
    void shouldRechainItsNextBatchWhenAnotherWriterAppendedBetweenTwoCommits() throws Exception
    {
        final Path db = state.resolve(AuditStore.FILE_NAME);
        final AuditStore store = AuditStore.forFlusher(db);
        final FlusherCounters counters = FlusherCounters.audit(new EngineCounters());
        final AuditFlusher flusher = new AuditFlusher(state, store, AuditRows.mapping(ref), counters);
        final AuditEvent dismissal;
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256)))
        {
            session.trade(2);
            session.await();
            assertTrue(flusher.flushOnce(false), "the first batch is handed to the writer");
            // A tool (horizon dlq dismiss) appends through its own connection; it waits for the
            // flusher's transaction and chains after it.
            try (AuditStore tool = AuditStore.openExisting(db, SqliteFile.Access.WRITE))
            {
                dismissal = tool.append(List.of(AuditDraft.of(AuditCategory.DLQ_DISMISSED, AuditSeverity.WARNING)
                    .actor("user:dave").message("dlq_0000000000000001 dismissed: duplicate"))).get(0);
            }
            session.trade(2);
            session.await();
            while (flusher.flushOnce(true))
            {
                // the rest, sealed after the flusher's own last event, not the tool's
            }
        }
        finally
        {
            flusher.close();
            store.close();
        }

        final List<AuditEvent> events = AuditRows.all(db);
        final AuditEvent stored = events.stream().filter(e -> e.eventId().equals(dismissal.eventId())).findFirst().orElseThrow();
        assertEquals(dismissal, stored, "the tool's event stands as it was written");
        assertTrue(stored.sequence() < events.size(), "flusher events follow the tool's");
        assertEquals(events.size() - 1, counters.written.get());
        final List<String> withoutTool = AuditRows.content(db);
        assertTrue(withoutTool.remove(String.join("|", stored.timestamp(), stored.category(), stored.severity(), stored.actor(),
            "null", "null", "null", "null", "null", "null", stored.message(), "null")));
        final Path reference = other.resolve("reference.db");
        AuditRows.flushFresh(state, reference, ref);
        assertEquals(AuditRows.content(reference), withoutTool, "every journal entry became its events exactly once");
        try (AuditStore reader = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            final ChainVerification v = reader.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(events.size(), v.chained());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldWaitOutALockedDatabaseWhileTradingContinuesAndLoseNothing(final ThreadingMode threading) throws Exception
    {
        final Path db = state.resolve(AuditStore.FILE_NAME);
        final FlusherCounters counters = FlusherCounters.audit(new EngineCounters());
        final RecordingAlerts alerts = new RecordingAlerts();
        final AuditStore store = AuditStore.forFlusher(db);
        final TradingSession session = new TradingSession(state, new PaperVenue(ref, 256), threading);
        final FlushLoop loop = startLoop(store, counters, alerts);
        try
        {
            session.trade(2);
            await(() -> counters.lag.get() == 0 && counters.written.get() > 0, "the first events");
            try (Connection locker = SqliteFile.connect(db, SqliteFile.Access.WRITE, 100, false);
                Statement st = locker.createStatement())
            {
                st.execute("BEGIN EXCLUSIVE");
                final long writtenBefore = counters.written.get();
                session.trade(5);
                await(() -> counters.faults.get() >= 2, "the flusher to hit the lock");
                await(() -> counters.lag.get() > 0, "lag to show");
                assertEquals(writtenBefore, counters.written.get(), "nothing was committed while locked");
                st.execute("ROLLBACK");
            }
            await(() -> counters.lag.get() == 0, "catching up after the lock");
            session.trade(2);
        }
        finally
        {
            session.close();
            assertTrue(loop.stop(WAIT_MS));
            store.close();
        }
        final List<String> seen = alerts.all();
        assertTrue(seen.get(0).startsWith("faulted audit locked"), seen.toString());
        assertTrue(seen.get(1).startsWith("recovered audit"), seen.toString());
        assertEquals(2, seen.size(), "one alert for the episode, one when it cleared: " + seen);
        assertSameAsAFreshFlush(db);
    }

    @Test
    void shouldWaitOutAReadOnlyDatabaseWhileTradingContinuesAndLoseNothing() throws Exception
    {
        assertFaultIsWaitedOut("read_only", file -> SqliteFile.connect(file, SqliteFile.Access.READ, 100, false));
    }

    @Test
    void shouldWaitOutAFullDiskWhileTradingContinuesAndLoseNothing() throws Exception
    {
        // SQLite reports SQLITE_FULL when the file may not grow; a page limit makes it so without filling a disk.
        assertFaultIsWaitedOut("disk_full", file ->
        {
            final Connection c = SqliteFile.connect(file, SqliteFile.Access.WRITE, 100, false);
            try (Statement st = c.createStatement())
            {
                st.execute("PRAGMA max_page_count = 1");
            }
            return c;
        });
    }

    /**
     * While {@code faulty} is set, the store's next connection comes from {@code broken}: SQLite
     * itself then refuses the writes (read-only file, no room to grow).
     */
    private void assertFaultIsWaitedOut(final String fault, final BrokenConnection broken) throws Exception
    {
        final Path db = state.resolve(AuditStore.FILE_NAME);
        final AtomicBoolean faulty = new AtomicBoolean();
        final AtomicReference<Throwable> sourceFailure = new AtomicReference<>();
        final ConnectionSource healthy = SqliteFile.source(db, SqliteFile.Access.WRITE, 100, false);
        final ConnectionSource source = () ->
        {
            try
            {
                return faulty.get() ? broken.open(db) : healthy.open();
            }
            catch (final SQLException ex)
            {
                sourceFailure.set(ex);
                throw ex;
            }
        };
        final FlusherCounters counters = FlusherCounters.audit(new EngineCounters());
        final RecordingAlerts alerts = new RecordingAlerts();
        final AuditStore store = AuditStore.forFlusher(db, source);
        final TradingSession session = new TradingSession(state, new PaperVenue(ref, 256));
        final FlushLoop loop = startLoop(store, counters, alerts);
        try
        {
            session.trade(2);
            await(() -> counters.lag.get() == 0 && counters.written.get() > 0, "the first events");
            faulty.set(true);
            store.reconnect();
            final long writtenBefore = counters.written.get();
            session.trade(5);
            session.control(ControlAction.KILL, 0, "user:carol: during the fault");
            await(() -> counters.faults.get() >= 3, "the flusher to hit the fault");
            assertTrue(counters.lag.get() > 0, "lag shows while faulted");
            assertEquals(writtenBefore, counters.written.get(), "nothing was committed while faulted");
            assertTrue(session.reports().all().size() > 20, "trading went on");
            faulty.set(false);
            await(() -> counters.lag.get() == 0, "catching up after the fault");
        }
        finally
        {
            session.close();
            assertTrue(loop.stop(WAIT_MS));
            store.close();
        }
        final List<String> seen = alerts.all();
        assertTrue(seen.get(0).startsWith("faulted audit " + fault), seen + " / " + sourceFailure.get());
        assertTrue(seen.get(1).startsWith("recovered audit"), seen.toString());
        assertSameAsAFreshFlush(db);
    }

    @FunctionalInterface
    private interface BrokenConnection
    {
        Connection open(Path db) throws SQLException;
    }

    private static long count(final List<AuditEvent> events, final String category)
    {
        return events.stream().filter(e -> e.category().equals(category)).count();
    }
}
