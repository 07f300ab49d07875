package io.horizon.journal.dlq;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;
import io.horizon.journal.support.AuditRows;
import io.horizon.journal.support.FlakyVenue;
import io.horizon.journal.support.HoldingVenue;
import io.horizon.journal.support.RecordingAlerts;
import io.horizon.journal.support.TradingSession;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dead-letter queue end to end on a real pipeline: a venue that throws puts the order in
 * dlq.db with every field and an audited reject carrying its id; once the venue recovers, a
 * redrive sends it through the normal order path and it fills.
 */
final class DeadLetterTest
{
    private static final long WAIT_MS = 20_000;
    private static final String OUTAGE = "venue link down: session 7 is not logged on";

    private final ReferenceData ref = TestMarkets.referenceData();
    private final List<FlushLoop> loops = new ArrayList<>();

    @TempDir
    Path state;

    private DlqStore dlq;
    private AuditStore audit;
    private AtomicCounter depth;

    private void startFlushers()
    {
        dlq = DlqStore.forFlusher(state.resolve(DlqStore.FILE_NAME));
        audit = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME));
        final EngineCounters counters = new EngineCounters();
        depth = DlqFlusher.depthGauge(counters);
        loops.add(new DlqFlusher(state, dlq, ref, "paper", List.of("market-maker"), FlusherCounters.deadLetters(counters), depth)
            .start(new RecordingAlerts()));
        loops.add(new AuditFlusher(state, audit, AuditRows.mapping(ref), FlusherCounters.audit(counters))
            .start(new RecordingAlerts()));
    }

    @AfterEach
    void stopFlushers()
    {
        for (final FlushLoop loop : loops)
        {
            loop.stop(WAIT_MS);
        }
        if (dlq != null)
        {
            dlq.close();
        }
        if (audit != null)
        {
            audit.close();
        }
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

    private List<AuditEvent> auditEvents(final String category)
    {
        final List<AuditEvent> events = new ArrayList<>();
        audit.forEach(new io.horizon.journal.audit.AuditQuery(null, null, List.of(category), null, null, Long.MAX_VALUE),
            events::add);
        return events;
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldDeadLetterAFailedVenueCallWithEveryFieldAndRedriveItOnceTheVenueRecovers(final ThreadingMode threading) throws Exception
    {
        startFlushers();
        final FlakyVenue venue = new FlakyVenue(new PaperVenue(ref, 256));
        try (TradingSession session = new TradingSession(state, venue, threading))
        {
            session.pipeline().marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
            venue.fail(OUTAGE);
            session.order(AAPL, Side.BUY, px(190.01), qty(3));
            session.await();

            assertEquals(1, session.pipeline().counters().rejects(RejectReason.VENUE_EXCEPTION), "counted under venue_exception");
            assertEquals("venue_exception", RejectReason.VENUE_EXCEPTION.layer());
            await(() -> dlq.list(false).size() == 1, "the dead letter");
            final DlqEntry entry = dlq.list(false).get(0);
            assertTrue(entry.dlqId().matches("dlq_[0-9a-f]{16}"), entry.dlqId());
            assertEquals(DlqEntry.SOURCE_VENUE_EXCEPTION, entry.source());
            assertTrue(entry.capturedAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"), entry.capturedAt());
            assertEquals("paper", entry.venueName());
            assertEquals("alice", entry.accountId());
            assertEquals("AAPL", entry.marketId());
            assertEquals("BUY", entry.side());
            assertEquals("3", entry.quantity());
            assertEquals("LIMIT", entry.orderType());
            assertEquals("190.01", entry.price());
            assertTrue(entry.clientOrderId().startsWith("hzn_"), entry.clientOrderId());
            assertEquals("java.lang.IllegalStateException: " + OUTAGE, entry.error());
            assertEquals(0, entry.retryCount());
            assertFalse(entry.dismissed());
            final DlqAction action = entry.action();
            assertEquals(DlqAction.NEW_ORDER, action.kind());
            assertEquals("190.01", action.price());
            assertNull(action.whyNotRedrivable());
            await(() -> depth.get() == 1, "the depth gauge");

            await(() -> auditEvents("dlq.captured").size() == 1, "the audit events");
            final AuditEvent rejected = auditEvents("order.rejected").get(0);
            assertTrue(rejected.message().contains("dead-lettered as " + entry.dlqId()), rejected.message());
            assertTrue(rejected.payload().contains("\"dlq_id\":\"" + entry.dlqId() + "\""), rejected.payload());
            assertTrue(rejected.payload().contains("\"reject_layer\":\"venue_exception\""), rejected.payload());
            assertEquals("error", rejected.severity());
            assertEquals(entry.clientOrderId(), rejected.clientOrderId());

            venue.fail(null);
            final DlqTriage triage = new DlqTriage(dlq, d -> audit.append(List.of(d)));
            final DlqEntry redriven = triage.redrive(entry.dlqId(), "user:alice",
                new PipelineResubmitter(session.pipeline().orderEntry(), ref));
            session.await();

            assertEquals(1, redriven.retryCount());
            assertTrue(redriven.lastRedriveClientOrderId().startsWith("hzn_"));
            final String newId = redriven.lastRedriveClientOrderId();
            assertTrue(session.reports().matching(r -> r.execType == ExecType.FILL &&
                io.horizon.engine.order.ClientOrderIds.format(r.clientOrderIdHi, r.clientOrderIdLo).equals(newId)).size() == 1,
                "the redriven order went through risk to the venue and filled");
            await(() -> auditEvents("order.filled").stream().anyMatch(e -> newId.equals(e.clientOrderId())), "the audited fill");
            final AuditEvent redrive = auditEvents("dlq.redriven").get(0);
            assertEquals("user:alice", redrive.actor());
            assertEquals(entry.dlqId(), redrive.correlationId());
            assertTrue(redrive.message().startsWith(entry.dlqId() + " sent again as " + newId), redrive.message());
        }
    }

    @Test
    void shouldCaptureFailedCancelsAndAmendsWithTheirTerms() throws Exception
    {
        startFlushers();
        final FlakyVenue venue = new FlakyVenue(new PaperVenue(ref, 256));
        try (TradingSession session = new TradingSession(state, venue))
        {
            session.pipeline().marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
            session.pipeline().orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(180), qty(5), 9, 1);
            session.await();
            venue.fail("x".repeat(3000));
            session.pipeline().orderEntry().amend(ALICE, 9, 1, 9, 2, px(181), qty(6));
            session.await();
            session.pipeline().orderEntry().cancel(ALICE, 9, 1);
            session.await();
        }
        await(() -> dlq.list(false).size() == 2, "two dead letters");
        final List<DlqEntry> entries = dlq.list(false);
        final DlqAction amend = entries.get(0).action();
        assertEquals(DlqAction.AMEND_ORDER, amend.kind());
        assertEquals("181", amend.price());
        assertEquals("6", amend.quantity());
        assertEquals(io.horizon.engine.order.ClientOrderIds.format(9, 1), amend.origClientOrderId());
        assertEquals(io.horizon.engine.order.ClientOrderIds.format(9, 2), amend.clientOrderId());
        assertNull(amend.whyNotRedrivable());
        assertEquals(1000, entries.get(0).error().length(), "error cut to 1000 characters");
        final DlqAction cancel = entries.get(1).action();
        assertEquals(DlqAction.CANCEL_ORDER, cancel.kind());
        assertEquals(io.horizon.engine.order.ClientOrderIds.format(9, 1), cancel.clientOrderId());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldDeadLetterAnAmendRefusedAfterItsOrderFilledWhileItWasHeld(final ThreadingMode threading) throws Exception
    {
        startFlushers();
        final HoldingVenue venue = new HoldingVenue(new PaperVenue(ref, 256));
        final String heldTooLong = "not logged on: FIX venue sim; held 5000 ms, past wait_limit_ms 5000; " +
            "OrderCancelReplaceRequest not sent; session sim";
        try (TradingSession session = new TradingSession(state, venue, threading))
        {
            session.pipeline().marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
            session.pipeline().orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(180), qty(5), 9, 1);
            session.await();
            session.pipeline().orderEntry().amend(ALICE, 9, 1, 9, 2, px(181), qty(5));
            session.await();
            await(venue::holdsAmend, "the amend held");
            // The market comes down to the order: it fills while its amend is held.
            session.pipeline().marketData().quote(2, 1, 2, AAPL, px(179.98), qty(100), px(179.99), qty(100));
            session.await();
            await(() -> !session.reports().matching(r -> r.execType == ExecType.FILL).isEmpty(), "the fill");

            venue.refuseHeldAmend(heldTooLong);
            // An event for the gateway to poll the venue after (the dedicated mode polls between events).
            session.pipeline().marketData().quote(3, 1, 3, AAPL, px(179.97), qty(100), px(179.99), qty(100));
            await(() -> dlq.list(false).size() == 1, "the refused amend's dead letter");
        }
        final DlqEntry entry = dlq.list(false).get(0);
        assertEquals(DlqEntry.SOURCE_VENUE_EXCEPTION, entry.source());
        assertEquals("java.lang.IllegalStateException: " + heldTooLong, entry.error());
        final DlqAction amend = entry.action();
        assertEquals(DlqAction.AMEND_ORDER, amend.kind());
        assertEquals("181", amend.price());
        assertEquals(io.horizon.engine.order.ClientOrderIds.format(9, 1), amend.origClientOrderId());
        assertEquals(io.horizon.engine.order.ClientOrderIds.format(9, 2), amend.clientOrderId());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldCaptureEachFailureOnceAcrossFlusherRestartsAndKeepAnAmendsTerms(final ThreadingMode threading) throws Exception
    {
        final FlakyVenue venue = new FlakyVenue(new PaperVenue(ref, 256));
        final Path file = state.resolve(DlqStore.FILE_NAME);
        try (TradingSession session = new TradingSession(state, venue, threading))
        {
            session.pipeline().marketData().quote(1, 1, 1, AAPL, px(189.99), qty(100), px(190.01), qty(100));
            session.pipeline().orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(180), qty(5), 9, 1001);
            session.await();
            venue.fail(OUTAGE);
            session.order(AAPL, Side.BUY, px(190.01), qty(3));
            session.await();

            final DlqStore first = DlqStore.forFlusher(file);
            final FlushLoop loop = new DlqFlusher(state, first, ref, "paper", List.of(),
                FlusherCounters.deadLetters(new EngineCounters()), null).start(new RecordingAlerts());
            assertTrue(loop.stop(WAIT_MS));
            first.close();

            session.pipeline().orderEntry().amend(ALICE, 9, 1001, 9, 1002, px(181), qty(6));
            session.await();
        }
        for (int restart = 0; restart < 2; restart++)
        {
            final DlqStore again = DlqStore.forFlusher(file);
            final FlushLoop loop = new DlqFlusher(state, again, ref, "paper", List.of(),
                FlusherCounters.deadLetters(new EngineCounters()), null).start(new RecordingAlerts());
            assertTrue(loop.stop(WAIT_MS));
            again.close();
        }
        try (DlqStore read = DlqStore.openExisting(file, SqliteFile.Access.READ))
        {
            final List<DlqEntry> entries = read.list(true);
            assertEquals(2, entries.size(), "each failure captured once");
            final DlqAction amend = entries.get(1).action();
            assertEquals(DlqAction.AMEND_ORDER, amend.kind());
            assertEquals("181", amend.price(), "the amend's terms came from the command read before the restart");
            assertNull(amend.whyNotRedrivable());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldDeadLetterTheInputAHandlerRaisedOn(final ThreadingMode threading) throws Exception
    {
        startFlushers();
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256), (order, now, verdict) ->
        {
            if (order.quantity() == qty(13))
            {
                throw new IllegalStateException("risk model unavailable");
            }
            return true;
        }, threading))
        {
            session.order(AAPL, Side.SELL, px(191), qty(13));
            session.await();
        }
        await(() -> dlq.list(false).size() == 1, "the dead letter");
        final DlqEntry entry = dlq.list(false).get(0);
        assertEquals(DlqEntry.SOURCE_ENGINE_ERROR, entry.source());
        assertEquals("java.lang.IllegalStateException: risk model unavailable", entry.error());
        assertEquals("SELL", entry.side());
        assertEquals("13", entry.quantity());
        final DlqAction action = entry.action();
        assertEquals(DlqAction.NEW_ORDER, action.kind());
        assertEquals("NEW_ORDER", action.eventType());
        await(() -> auditEvents("engine.error").size() == 1, "the audited engine error");
        assertTrue(auditEvents("engine.error").get(0).message().contains("risk model unavailable"));
    }

    @Test
    void shouldKeepWhatWasCapturedAndAuditADismissal() throws Exception
    {
        startFlushers();
        final FlakyVenue venue = new FlakyVenue(new PaperVenue(ref, 256));
        try (TradingSession session = new TradingSession(state, venue))
        {
            venue.fail(OUTAGE);
            session.order(AAPL, Side.BUY, px(190.01), qty(3));
            session.await();
        }
        await(() -> dlq.list(false).size() == 1, "the dead letter");
        final String id = dlq.list(false).get(0).dlqId();
        final List<AuditDraft> audited = new ArrayList<>();
        final DlqTriage triage = new DlqTriage(dlq, audited::add);

        assertThrows(IllegalArgumentException.class, () -> triage.dismiss(id, "  ", "user:bob"));
        final RedriveRefusedException refused = assertThrows(RedriveRefusedException.class,
            () -> triage.redrive(id, "user:bob", action -> { throw new RedriveRefusedException("no daemon"); }));
        assertEquals("no daemon", refused.getMessage());
        assertEquals(0, dlq.get(id).retryCount(), "a refused redrive changes nothing");
        assertTrue(audited.isEmpty());

        final DlqEntry dismissed = triage.dismiss(id, "duplicate of an order the desk re-entered by hand", "user:bob");
        assertTrue(dismissed.dismissed());
        assertEquals("user:bob", dismissed.dismissedBy());
        assertEquals(1, audited.size());
        assertEquals("dlq.dismissed", audited.get(0).category().code());
        assertTrue(dlq.list(false).isEmpty());
        assertEquals(1, dlq.list(true).size());
        assertThrows(IllegalArgumentException.class, () -> triage.redrive(id, "user:bob", action -> "hzn_x"));
        assertThrows(IllegalArgumentException.class, () -> triage.dismiss(id, "again", "user:bob"));
        assertThrows(IllegalArgumentException.class, () -> triage.dismiss("dlq_123", "typo", "user:bob"));

        dlq.close();
        try (Connection c = SqliteFile.connect(state.resolve(DlqStore.FILE_NAME), SqliteFile.Access.WRITE, 1000, true);
            Statement st = c.createStatement())
        {
            for (final String sql : List.of(
                "UPDATE dlq_entries SET price = '1.00' WHERE dlq_id = '" + id + "'",
                "UPDATE dlq_entries SET error = 'nothing happened' WHERE dlq_id = '" + id + "'",
                "UPDATE dlq_entries SET dismissed = 0 WHERE dlq_id = '" + id + "'",
                "UPDATE dlq_entries SET dismissed_reason = 'changed my mind' WHERE dlq_id = '" + id + "'",
                "UPDATE dlq_entries SET retry_count = -1 WHERE dlq_id = '" + id + "'",
                "DELETE FROM dlq_entries WHERE dlq_id = '" + id + "'"))
            {
                assertThrows(SQLException.class, () -> st.execute(sql), sql);
            }
        }
    }

    @Test
    void shouldRefuseAMissingOrForeignDeadLetterDatabase()
    {
        final Path missing = state.resolve("none.db");
        final StoreException ex = assertThrows(StoreException.class, () -> DlqStore.openExisting(missing, SqliteFile.Access.READ));
        assertEquals("no dead-letter database at " + missing +
            "; pass --db with the dlq.db of a Horizon state directory (default ./state/dlq.db)", ex.getMessage());

        final Path auditDb = state.resolve(AuditStore.FILE_NAME);
        AuditStore.forFlusher(auditDb).append(List.of(AuditDraft.of(
            io.horizon.journal.audit.AuditCategory.SYSTEM_START, io.horizon.journal.audit.AuditSeverity.INFO).message("x")));
        final StoreException wrong = assertThrows(StoreException.class, () -> DlqStore.openExisting(auditDb, SqliteFile.Access.READ));
        assertTrue(wrong.getMessage().contains("not a Horizon dead-letter database"), wrong.getMessage());
    }
}
