package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.Venue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqFlusher;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.daemon.StateDirectory;
import io.horizon.ops.support.DownVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon dlq} over a dead-letter queue captured from a real pipeline whose venue threw:
 * list and show give every field, dismiss needs a reason and is audited, and redrive refuses,
 * changing nothing, when it cannot reach a running daemon.
 */
final class DlqCommandTest
{
    @TempDir
    Path state;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private String dlqId;

    @BeforeEach
    void captureADeadLetter()
    {
        final ReferenceData ref = DefaultSetup.referenceData();
        final Venue down = new DownVenue();
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0);
            ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state))
        {
            final EnginePipeline pipeline = EnginePipeline.builder()
                .config(EngineConfig.builder().ringSize(1024).orderCapacity(64).heartbeatIntervalMillis(0).build())
                .referenceData(ref).journal(journal).outputJournal(outputs).sideEffects(false).venue(down).build().start();
            JournalRecovery.replay(state, pipeline, n -> { });
            pipeline.goLive();
            pipeline.orderEntry().newOrder(0, 0, Side.SELL, OrderType.LIMIT, FixedPoint.parse("191.5"), FixedPoint.ofUnits(4), 1, 42);
            assertTrue(pipeline.awaitIdle(10_000));
            assertTrue(pipeline.drainAndStop());
        }
        final EngineCounters counters = new EngineCounters();
        final DlqStore dlq = DlqStore.forFlusher(state.resolve(DlqStore.FILE_NAME));
        final AuditStore audit = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME));
        final FlushLoop dlqLoop = new DlqFlusher(state, dlq, ref, "paper", List.of(), FlusherCounters.deadLetters(counters), null)
            .start(io.horizon.journal.flush.StoreAlerts.LOG);
        final FlushLoop auditLoop = new AuditFlusher(state, audit, new AuditMapping(ref, "paper", List.of()),
            FlusherCounters.audit(counters)).start(io.horizon.journal.flush.StoreAlerts.LOG);
        assertTrue(dlqLoop.stop(10_000));
        assertTrue(auditLoop.stop(10_000));
        dlqId = dlq.list(false).get(0).dlqId();
        dlq.close();
        audit.close();
    }

    @BeforeEach
    void capture()
    {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int execute(final String... args)
    {
        out.reset();
        err.reset();
        return HorizonCommand.execute(args);
    }

    private String db()
    {
        return state.resolve(DlqStore.FILE_NAME).toString();
    }

    private DlqEntry entry()
    {
        try (DlqStore store = DlqStore.openExisting(state.resolve(DlqStore.FILE_NAME), SqliteFile.Access.READ))
        {
            return store.get(dlqId);
        }
    }

    @Test
    void shouldListAndShowTheDeadLetterWithEveryField()
    {
        assertEquals(0, execute("dlq", "list", "--db", db()), err.toString());
        final String list = out.toString(StandardCharsets.UTF_8);
        assertTrue(list.contains(dlqId) && list.contains("venue_exception") && list.contains("SELL 4 AAPL LIMIT @ 191.5") &&
            list.contains("java.lang.IllegalStateException: FIX session PAPER-1 is down") && list.contains("1 open"), list);

        assertEquals(0, execute("dlq", "show", dlqId, "--db", db()));
        final String show = out.toString(StandardCharsets.UTF_8);
        for (final String field : List.of("dlq_id           " + dlqId, "venue_name       paper", "account_id       paper",
            "market_id        AAPL", "side             SELL", "quantity         4", "order_type       LIMIT", "price            191.5",
            "retry_count      0", "dismissed        no", "\"kind\":\"new_order\"", "redrive          possible"))
        {
            assertTrue(show.contains(field), field + " in\n" + show);
        }
    }

    @Test
    void shouldNeedAReasonToDismissAndAuditTheDismissal()
    {
        assertEquals(2, execute("dlq", "dismiss", dlqId, "--db", db()));
        assertEquals("horizon: error: dismissing " + dlqId + " needs a reason; add --reason \"why it will not be sent again\"",
            err.toString(StandardCharsets.UTF_8).strip());

        assertEquals(2, execute("dlq", "dismiss", dlqId, "--db", db(), "--reason", "x", "--operator", "bob"),
            "who dismisses is not free text");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown options: '--operator'"), err.toString());
        final String operator = "user:" + OperatorIdentity.name();
        final String saved = System.getProperty("user.name");
        System.setProperty("user.name", "mallory");
        try
        {
            assertEquals(0, execute("dlq", "dismiss", dlqId, "--db", db(), "--reason", "desk re-entered it by hand"), err.toString());
        }
        finally
        {
            System.setProperty("user.name", saved);
        }
        assertTrue(entry().dismissed());
        assertEquals(operator, entry().dismissedBy(), "the OS user owning the process, not -Duser.name");
        assertEquals(0, execute("dlq", "list", "--db", db()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no open dead letters"));

        final List<AuditEvent> audited = new java.util.ArrayList<>();
        try (AuditStore audit = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.READ))
        {
            audit.forEach(new AuditQuery(null, null, List.of("dlq.dismissed"), null, null, Long.MAX_VALUE), audited::add);
            assertTrue(audit.verify(n -> { }).verified());
        }
        assertEquals(1, audited.size());
        assertEquals(operator, audited.get(0).actor());
        assertEquals(dlqId + " dismissed: desk re-entered it by hand", audited.get(0).message());

        assertEquals(2, execute("dlq", "redrive", dlqId, "--db", db()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a dismissed entry is not sent again"), err.toString());
    }

    @Test
    void shouldRefuseARedriveWithoutARunningDaemonAndChangeNothing()
    {
        assertEquals(2, execute("dlq", "redrive", dlqId, "--db", db()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("horizon: error: no Horizon daemon is running on " + state),
            err.toString());
        assertEquals(0, entry().retryCount());

        // A daemon holds the state directory but has not opened its control channel (still recovering).
        try (StateDirectory running = StateDirectory.open(state))
        {
            assertEquals(1, execute("dlq", "redrive", dlqId, "--state", state.toString(), "--timeout", "1s"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("if it is still starting or recovering, try again"),
                err.toString());
        }
        assertEquals(0, entry().retryCount(), "nothing was sent, so nothing was counted");
    }

    @Test
    void shouldReadTheStoresOfTheStateDirectoryNamedByState()
    {
        assertEquals(0, execute("dlq", "list", "--state", state.toString()), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(dlqId), out.toString());
        assertEquals(0, execute("dlq", "show", dlqId, "--state", state.toString()), err.toString());
        assertEquals(0, execute("audit", "verify", "--state", state.toString()), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("chain verified: "), out.toString());
    }

    @Test
    void shouldRejectBadIdsAndMissingStores()
    {
        assertEquals(2, execute("dlq", "show", "dlq_42", "--db", db()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("horizon: error: 'dlq_42' is not a dead-letter id"), err.toString());
        assertEquals(2, execute("dlq", "show", "dlq_00000000000000ff", "--db", db()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("horizon: error: no dead letter dlq_00000000000000ff"), err.toString());
        assertEquals(2, execute("dlq", "list", "--db", state.resolve("none.db").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("horizon: error: no dead-letter database at"), err.toString());
    }

    @Test
    void shouldTeachEveryVerbWithAnExample()
    {
        for (final String verb : List.of("list", "show", "dismiss", "redrive"))
        {
            assertEquals(0, execute("dlq", verb, "--help"), verb);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("horizon dlq " + verb), verb);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Example"), verb);
        }
    }
}
