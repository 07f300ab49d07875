package io.horizon.ops.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.RedriveRefusedException;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.daemon.StateDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redrive requests on the control channel, in one process against a real engine pipeline: the
 * desk hands them to the daemon's {@link DeadLetterRedrive} as {@code user:<file owner>} and
 * answers with the client order id and retry count, or with the hook's refusal; requests written
 * before redrive existed still read as they did. Every case runs against an engine in each threading mode.
 */
@ParameterizedClass
@EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
final class ControlDeskRedriveTest
{
    private static final String DLQ_ID = "dlq_00000000000004d2";

    @TempDir
    Path state;

    private final InMemoryJournal journal = new InMemoryJournal();
    private final List<String> calls = new ArrayList<>();
    private EnginePipeline pipeline;
    private ControlDesk desk;
    private StateDirectory lock;
    private final ThreadingMode threading;

    ControlDeskRedriveTest(final ThreadingMode threading)
    {
        this.threading = threading;
    }

    @BeforeEach
    void startEngine()
    {
        pipeline = DefaultSetup.engine(EngineConfig.builder().threading(threading).heartbeatIntervalMillis(0).build())
            .journal(journal)
            .sideEffects(false)
            .build()
            .start();
        assertEquals(threading, pipeline.threading(), "the engine runs in the mode under test");
        lock = StateDirectory.open(state);
    }

    @AfterEach
    void stopEngine()
    {
        if (desk != null)
        {
            desk.close();
        }
        pipeline.drainAndStop();
        lock.close();
    }

    private ControlAck redriveWith(final DeadLetterRedrive redrive) throws Exception
    {
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring(), redrive);
        desk.start();
        return ControlClient.redrive(state, DLQ_ID, Duration.ofSeconds(10));
    }

    private static DlqEntry redriven(final String clientOrderId, final int retryCount)
    {
        return new DlqEntry(DLQ_ID, "2026-11-29T10:00:00Z", DlqEntry.SOURCE_VENUE_EXCEPTION, "paper", "paper", "AAPL", "BUY",
            "5", "LIMIT", "189.5", "hzn_0000000000000G000000000035", "1", "down", retryCount, false, null, null, null,
            "2026-11-29T10:05:00Z", clientOrderId, "{}", 1234);
    }

    private String owner() throws Exception
    {
        return "user:" + Files.getOwner(state).getName();
    }

    @Test
    void shouldAnswerARedriveWithItsClientOrderIdAndRetryCountOnceTheEngineProcessedIt() throws Exception
    {
        final ControlAck ack = redriveWith((dlqId, actor) ->
        {
            calls.add(dlqId + " " + actor);
            pipeline.orderEntry().newOrder(0, 0, Side.BUY, OrderType.LIMIT, FixedPoint.parse("189.5"), FixedPoint.ofUnits(5), 7, 7);
            return redriven("hzn_0000000000000G00000000007Z", 1);
        });

        assertEquals(ControlAck.Status.PROCESSED, ack.status(), ack::toString);
        assertEquals("hzn_0000000000000G00000000007Z", ack.clientOrderId());
        assertEquals(1, ack.retryCount());
        assertEquals(owner(), ack.actor());
        assertEquals("sent again as hzn_0000000000000G00000000007Z (retry 1); journaled and processed by the engine", ack.message());
        assertEquals(List.of(DLQ_ID + " " + owner()), calls, "called once, as the owner of the request file");
        assertEquals(1, journal.events().stream().filter(e -> e.type == EventType.NEW_ORDER).count());
        assertTrue(journal.events().stream().noneMatch(e -> e.type == EventType.CONTROL), "a redrive is an order, not a control event");
    }

    @Test
    void shouldPassOnTheDaemonsRefusal() throws Exception
    {
        final ControlAck dismissed = redriveWith((dlqId, actor) ->
        {
            throw new IllegalArgumentException(dlqId + " was dismissed; a dismissed entry is not sent again");
        });
        assertEquals(ControlAck.Status.REFUSED, dismissed.status());
        assertEquals(DLQ_ID + " was dismissed; a dismissed entry is not sent again", dismissed.message());
        assertEquals("", dismissed.clientOrderId());
        assertEquals(0, dismissed.retryCount());
        desk.close();

        final ControlAck full = redriveWith((dlqId, actor) ->
        {
            throw new RedriveRefusedException("the engine did not take the redrive (ring full); nothing was sent, try again in a moment");
        });
        assertEquals(ControlAck.Status.REFUSED, full.status());
        assertTrue(full.message().contains("ring full"), full.message());
        assertEquals(owner(), full.actor());
    }

    @Test
    void shouldSayARedriveThatFailedPartWayMayHaveBeenSent() throws Exception
    {
        final ControlAck ack = redriveWith((dlqId, actor) ->
        {
            throw new IllegalStateException("database is locked");
        });

        assertEquals(ControlAck.Status.FAILED, ack.status());
        assertTrue(ack.message().contains("failed part-way (java.lang.IllegalStateException: database is locked); it may have been sent"),
            ack.message());
    }

    @Test
    void shouldRefuseRedrivesWhenTheDaemonPassedNoHook() throws Exception
    {
        final ControlAck ack = redriveWith(null);

        assertEquals(ControlAck.Status.REFUSED, ack.status());
        assertEquals("this daemon takes no redrives (it has no dead-letter queue); nothing was sent", ack.message());
    }

    @Test
    void shouldRefuseARedriveOfSomethingThatIsNotADeadLetterId() throws Exception
    {
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring(), (dlqId, actor) ->
        {
            calls.add(dlqId);
            return redriven("hzn_x", 1);
        });
        Files.writeString(ControlChannel.requests(state).resolve("1-1-r.request"),
            "id=1-1-r\naction=REDRIVE\nvalue=0\ndlq_id=../../etc\nexpires_at=" + Long.MAX_VALUE + "\n");
        assertEquals(1, desk.poll());

        final ControlAck ack = ControlAck.read(ControlChannel.acks(state).resolve("1-1-r.ack"));
        assertEquals(ControlAck.Status.REFUSED, ack.status());
        assertTrue(ack.message().contains("'../../etc' is not a dead-letter id"), ack.message());
        assertTrue(calls.isEmpty());
    }

    @Test
    void shouldStillReadAKillRequestWrittenBeforeRedriveExisted() throws Exception
    {
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring(), (dlqId, actor) -> redriven("hzn_x", 1));
        // Exactly what a CLI of the previous release wrote.
        Files.writeString(ControlChannel.requests(state).resolve("1-1-k.request"),
            "#Horizon control request\nid=1-1-k\naction=KILL\nvalue=0\nreason=venue sending bad fills\n" +
            "requested_by=alice\nexpires_at=" + Long.MAX_VALUE + "\n");
        assertEquals(1, desk.poll());

        final ControlAck ack = ControlAck.read(ControlChannel.acks(state).resolve("1-1-k.ack"));
        assertEquals(ControlAck.Status.PROCESSED, ack.status(), ack::toString);
        assertEquals("", ack.clientOrderId());
        assertEquals(ControlAction.KILL, journal.events().stream().filter(e -> e.type == EventType.CONTROL)
            .findFirst().orElseThrow().controlAction);
        assertTrue(Files.readString(ControlChannel.acks(state).resolve("1-1-k.ack")).contains("status=PROCESSED"));
        assertTrue(!Files.readString(ControlChannel.acks(state).resolve("1-1-k.ack")).contains("client_order_id"),
            "an answer to a kill has the shape it always had");
    }
}
