package io.horizon.ops.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.daemon.StateDirectory;
import io.horizon.ops.state.LinuxProcess;
import io.horizon.ops.state.AtomicFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control channel in one process, against a real engine pipeline: commands become journaled
 * control events carrying the operator; bad, expired and unauthorised requests are refused; a
 * command nobody takes is withdrawn; a missing daemon is reported plainly. Every case runs against
 * an engine in each threading mode.
 */
@ParameterizedClass
@EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
final class ControlChannelTest
{
    private final ThreadingMode threading;

    @TempDir
    Path state;

    private final InMemoryJournal journal = new InMemoryJournal();
    private EnginePipeline pipeline;
    private ControlDesk desk;
    private StateDirectory lock;

    ControlChannelTest(final ThreadingMode threading)
    {
        this.threading = threading;
    }

    @BeforeEach
    void startEngine() throws Exception
    {
        pipeline = DefaultSetup.engine(EngineConfig.builder().threading(threading).heartbeatIntervalMillis(0).build())
            .journal(journal)
            .sideEffects(false)
            .build()
            .start();
        assertEquals(threading, pipeline.threading(), "the engine runs in the mode under test");
        // As in the daemon: the desk's process holds the state directory's lock.
        lock = StateDirectory.open(state);
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring());
    }

    @AfterEach
    void stopEngine()
    {
        desk.close();
        pipeline.drainAndStop();
        lock.close();
    }

    /** Announces a desk for this process, as {@link ControlDesk#start} does, without taking commands. */
    static void announceWithoutTaking(final Path state) throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        AtomicFile.write(ControlChannel.desk(state), "pid=" + pid + "\nstart_ticks=" + LinuxProcess.startTicks(pid).orElseThrow() +
            "\nuid=" + LinuxProcess.selfUid().orElseThrow() + "\n");
    }

    private List<InboundEvent> controlEvents()
    {
        return journal.events().stream().filter(e -> e.type == EventType.CONTROL).toList();
    }

    private ControlAck ackFor(final ControlRequest request) throws Exception
    {
        AtomicFile.write(ControlChannel.requests(state).resolve(request.id() + ControlChannel.REQUEST), request.toText());
        assertEquals(1, desk.poll());
        return ControlAck.read(ControlChannel.acks(state).resolve(request.id() + ControlChannel.ACK));
    }

    private static String owner(final Path path) throws Exception
    {
        return Files.getOwner(path).getName();
    }

    @Test
    void shouldJournalAKillWithTheOperatorAndReasonAndAnswerOnceProcessed() throws Exception
    {
        desk.start();
        final ControlAck ack = ControlClient.submit(state, ControlAction.KILL, 0, "venue sending bad fills", Duration.ofSeconds(10));

        final String user = "user:" + owner(state);
        assertEquals(ControlAck.Status.PROCESSED, ack.status(), ack::toString);
        assertEquals(user, ack.actor());
        final List<InboundEvent> controls = controlEvents();
        assertEquals(1, controls.size());
        assertEquals(ControlAction.KILL, controls.get(0).controlAction);
        assertEquals(user + ": venue sending bad fills", controls.get(0).text());
        assertTrue(Files.list(ControlChannel.requests(state)).findAny().isEmpty(), "the request was consumed");
        assertTrue(Files.list(ControlChannel.acks(state)).findAny().isEmpty(), "the CLI deleted the answer it read");
    }

    @Test
    void shouldRefuseAResetWithoutAReason() throws Exception
    {
        final ControlAck ack = ackFor(new ControlRequest("1-1-a", ControlAction.RESET, 0, "  ", Long.MAX_VALUE));

        assertEquals(ControlAck.Status.REFUSED, ack.status());
        assertEquals("RESET needs a reason; nothing was done", ack.message());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldRefuseActionsOperatorsMayNotSend() throws Exception
    {
        final ControlAck ack = ackFor(new ControlRequest("1-1-b", ControlAction.RECONCILE, 0, "why not", Long.MAX_VALUE));

        assertEquals(ControlAck.Status.REFUSED, ack.status());
        assertTrue(ack.message().startsWith("action RECONCILE is not taken from operators"), ack.message());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldNotRunARequestFoundAfterItsDeadline() throws Exception
    {
        final ControlAck ack = ackFor(new ControlRequest("1-1-c", ControlAction.KILL, 0, "old news", 1));

        assertEquals(ControlAck.Status.EXPIRED, ack.status());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldRefuseAMalformedRequestNamingTheProblem() throws Exception
    {
        Files.writeString(ControlChannel.requests(state).resolve("1-1-d.request"), "action=LAUNCH\nid=1-1-d\n");
        assertEquals(1, desk.poll());

        final ControlAck ack = ControlAck.read(ControlChannel.acks(state).resolve("1-1-d.ack"));
        assertEquals(ControlAck.Status.REFUSED, ack.status());
        assertEquals("malformed request: action 'LAUNCH' is not a control action", ack.message());
    }

    @Test
    void shouldWithdrawACommandNobodyTakesAndSaySo() throws Exception
    {
        // A desk that is announced (this process is alive) but never polls: a stuck daemon.
        announceWithoutTaking(state);

        final ControlException ex = assertThrows(ControlException.class,
            () -> ControlClient.submit(state, ControlAction.KILL, 0, "stuck?", Duration.ofMillis(200)));

        assertTrue(ex.getMessage().contains("did not take the command within 200 ms; it was withdrawn and nothing was done"),
            ex.getMessage());
        assertTrue(Files.list(ControlChannel.requests(state)).findAny().isEmpty(), "nothing is left to run later");
        assertEquals(0, desk.poll());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldSayPlainlyWhenNoDaemonRuns(@TempDir final Path empty) throws Exception
    {
        final ControlException absent = assertThrows(ControlException.class,
            () -> ControlClient.submit(empty, ControlAction.KILL, 0, "x", Duration.ofSeconds(1)));
        assertTrue(absent.getMessage().startsWith("no Horizon is running on " + empty), absent.getMessage());

        ControlChannel.create(empty);
        AtomicFile.write(ControlChannel.desk(empty), "pid=" + Long.MAX_VALUE + "\n");
        final ControlException gone = assertThrows(ControlException.class,
            () -> ControlClient.submit(empty, ControlAction.KILL, 0, "x", Duration.ofSeconds(1)));
        assertTrue(gone.getMessage().startsWith("no Horizon is running on " + empty), gone.getMessage());
        assertFalse(Files.list(ControlChannel.requests(empty)).findAny().isPresent(), "no request is left behind");
    }

    @Test
    void shouldAnnounceTheDeskWhileOpenAndWithdrawItAtClose() throws Exception
    {
        desk.start();
        assertEquals(ProcessHandle.current().pid(), ControlClient.runningDaemon(state).pid());
        if (Files.getFileStore(state).supportsFileAttributeView("posix"))
        {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(ControlChannel.directory(state))));
        }
        desk.close();
        assertFalse(Files.exists(ControlChannel.desk(state)));
    }
}
