package io.horizon.ops.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.daemon.StateDirectory;
import io.horizon.ops.state.LinuxProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attacks issue 14 reproduced against the control channel, by someone who can write the state
 * directory (the daemon's user or an operator in its group). Each failed on the release before.
 */
final class ControlChannelAttackTest
{
    @TempDir
    Path state;
    @TempDir
    Path elsewhere;

    private final InMemoryJournal journal = new InMemoryJournal();
    private EnginePipeline pipeline;
    private StateDirectory lock;
    private ControlDesk desk;

    @BeforeEach
    void startEngine() throws Exception
    {
        pipeline = DefaultSetup.engine(EngineConfig.builder().heartbeatIntervalMillis(0).build())
            .journal(journal)
            .sideEffects(false)
            .build()
            .start();
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

    private List<InboundEvent> controlEvents()
    {
        return journal.events().stream().filter(e -> e.type == EventType.CONTROL).toList();
    }

    private Path request(final String id, final String body) throws Exception
    {
        final Path file = ControlChannel.requests(state).resolve(id + ControlChannel.REQUEST);
        Files.writeString(file, body);
        return file;
    }

    private static String kill(final String id)
    {
        return "id=" + id + "\naction=KILL\nvalue=0\nreason=venue sending bad fills\n";
    }

    private ControlAck ack(final String id) throws Exception
    {
        return ControlAck.read(ControlChannel.acks(state).resolve(id + ControlChannel.ACK));
    }

    private static void mkfifo(final Path path) throws Exception
    {
        final Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + path);
    }

    @Test
    void shouldNeverWriteThroughASymlinkPlantedWhereTheAckIsWritten() throws Exception
    {
        final Path victim = elsewhere.resolve("victim.txt");
        Files.writeString(victim, "precious\n");
        // The old AtomicFile wrote acks/ID.ack.tmp, following a link planted there.
        Files.createSymbolicLink(ControlChannel.acks(state).resolve("1-1-s.ack.tmp"), victim);
        Files.createSymbolicLink(ControlChannel.acks(state).resolve("1-1-s.ack"), victim);
        request("1-1-s", kill("1-1-s"));

        assertEquals(1, desk.poll());

        assertEquals("precious\n", Files.readString(victim), "the file behind the link is untouched");
        assertFalse(Files.isSymbolicLink(ControlChannel.acks(state).resolve("1-1-s.ack")), "the link itself was replaced");
        assertEquals(ControlAck.Status.PROCESSED, ack("1-1-s").status());
    }

    @Test
    void shouldRefuseAFifoInRequestsWithoutBlockingTheDesk() throws Exception
    {
        mkfifo(ControlChannel.requests(state).resolve("1-1-f.request"));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(1, desk.poll()));

        final ControlAck ack = ack("1-1-f");
        assertEquals(ControlAck.Status.REFUSED, ack.status());
        assertTrue(ack.message().contains("a FIFO, socket or device, not a regular file"), ack.message());
        // and the desk still takes a good one
        request("1-1-g", kill("1-1-g"));
        assertEquals(1, desk.poll());
        assertEquals(ControlAck.Status.PROCESSED, ack("1-1-g").status());
    }

    @Test
    void shouldRefuseASymlinkAHardLinkAndAFolderPlantedAsRequests() throws Exception
    {
        final Path real = elsewhere.resolve("real.request");
        Files.writeString(real, kill("1-1-l"));
        Files.createSymbolicLink(ControlChannel.requests(state).resolve("1-1-l.request"), real);
        final Path secret = elsewhere.resolve("credentials.env");
        Files.writeString(secret, "id=1-1-h\naction=TOP_SECRET_VALUE\n");
        Files.createLink(ControlChannel.requests(state).resolve("1-1-h.request"), secret);
        Files.createDirectory(ControlChannel.requests(state).resolve("1-1-d.request"));

        assertEquals(3, desk.poll());

        assertTrue(ack("1-1-l").message().contains("a symbolic link, not a regular file"), ack("1-1-l").message());
        assertTrue(ack("1-1-h").message().contains("hard links"), ack("1-1-h").message());
        assertFalse(Files.readString(ControlChannel.acks(state).resolve("1-1-h.ack")).contains("TOP_SECRET"),
            "nothing of a linked-in file reaches the answer");
        assertTrue(ack("1-1-d").message().contains("a folder, not a regular file"), ack("1-1-d").message());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldRefuseAHugeRequestWithoutReadingIt() throws Exception
    {
        request("1-1-b", kill("1-1-b") + "#" + "x".repeat(1 << 20) + "\n");

        assertEquals(1, desk.poll());

        assertEquals(ControlAck.Status.REFUSED, ack("1-1-b").status());
        assertTrue(ack("1-1-b").message().contains("more than the 4096 allowed"), ack("1-1-b").message());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldRefuseAnOutOfRangeValueAControlCharacterInTheReasonAndAForeignId() throws Exception
    {
        request("1-1-v", "id=1-1-v\naction=KILL\nvalue=99\nreason=x\n");
        request("1-1-n", "id=1-1-n\naction=KILL\nvalue=0\nreason=bad fills\\n2026-12-05 INFO forged: reset by admin\n");
        request("1-1-u", "id=1-1-u\naction=KILL\nvalue=0\nreason=hidden \\u202e text\n");
        request("1-1-i", "id=../../etc/passwd\naction=KILL\nvalue=0\nreason=x\n");
        request("1-1-k", "id=1-1-k\naction=KILL\nvalue=0\nreason=x\nrun_as=root\n");

        assertEquals(5, desk.poll());

        assertTrue(ack("1-1-v").message().contains("value '99' is out of range"), ack("1-1-v").message());
        assertTrue(ack("1-1-n").message().contains("U+000A"), ack("1-1-n").message());
        assertTrue(ack("1-1-u").message().contains("U+202E"), ack("1-1-u").message());
        assertTrue(ack("1-1-i").message().contains("does not match the file name's id"), ack("1-1-i").message());
        assertTrue(ack("1-1-k").message().contains("unknown key 'run_as'"), ack("1-1-k").message());
        for (final String id : List.of("1-1-v", "1-1-n", "1-1-u", "1-1-i", "1-1-k"))
        {
            assertEquals(ControlAck.Status.REFUSED, ack(id).status(), id);
        }
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldAttributeToTheFileOwnerAndIgnoreAFreeTextRequestedBy() throws Exception
    {
        request("1-1-r", kill("1-1-r") + "requested_by=mallory\\nINFO forged\n");

        assertEquals(1, desk.poll());

        final ControlAck ack = ack("1-1-r");
        assertEquals(ControlAck.Status.PROCESSED, ack.status(), ack::toString);
        final String owner = "user:" + Files.getOwner(state).getName();
        assertEquals(owner, ack.actor());
        assertEquals(owner + ": venue sending bad fills", controlEvents().get(0).text());
    }

    @Test
    void shouldRefuseARequestWrittenBeforeTheDaemonStartedWhateverItsExpiresAt() throws Exception
    {
        request("1-1-o", kill("1-1-o") + "expires_at=" + Long.MAX_VALUE + "\n");

        desk.start();

        final ControlAck ack = ack("1-1-o");
        assertEquals(ControlAck.Status.EXPIRED, ack.status());
        assertTrue(ack.message().contains("written before this daemon started"), ack.message());
        assertTrue(controlEvents().isEmpty());
    }

    @Test
    void shouldCloseAControlFolderOthersCanWriteAndRefuseOneThatIsALink() throws Exception
    {
        desk.close();
        Files.setPosixFilePermissions(ControlChannel.requests(state), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(ControlChannel.claimed(state), PosixFilePermissions.fromString("rwxr-x---"));
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring());
        assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(ControlChannel.requests(state))),
            "a group may be granted requests/, other users never");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ControlChannel.claimed(state))),
            "claimed/ is the daemon's alone");
        desk.close();

        Files.delete(ControlChannel.acks(state));
        Files.createSymbolicLink(ControlChannel.acks(state), elsewhere);
        final IllegalArgumentException link = assertThrows(IllegalArgumentException.class,
            () -> ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring()));
        assertTrue(link.getMessage().contains("is a symbolic link, not a folder"), link.getMessage());
        Files.delete(ControlChannel.acks(state));
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring());
    }

    @Test
    void shouldRefuseAControlFolderOwnedBySomeoneElse() throws Exception
    {
        Assumptions.assumeTrue(LinuxProcess.selfUid().orElse(-1) == 0, "needs root to give a folder away");
        desk.close();
        Files.setAttribute(ControlChannel.claimed(state), "unix:uid", 4242);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring()));
        assertTrue(ex.getMessage().contains("is owned by uid 4242"), ex.getMessage());
        Files.setAttribute(ControlChannel.claimed(state), "unix:uid", 0);
        desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring());
    }

    @Test
    void shouldNotReportSuccessFromAForgedAckAndADeskNamingAnotherLivePid() throws Exception
    {
        // No daemon on this state: nothing holds its lock. A live process to point at.
        final Path noDaemon = elsewhere.resolve("state");
        Files.createDirectories(noDaemon);
        ControlChannel.create(noDaemon);
        final Process bystander = new ProcessBuilder("sleep", "60").start();
        final ExecutorService forger = Executors.newSingleThreadExecutor();
        try
        {
            Files.writeString(ControlChannel.desk(noDaemon), "pid=" + bystander.pid() + "\nstart_ticks=" +
                LinuxProcess.startTicks(bystander.pid()).orElse(0) + "\nuid=" + LinuxProcess.selfUid().orElse(0) + "\n");
            final Future<?> forging = forger.submit(() -> forgeAcks(noDaemon));

            final ControlException ex = assertThrows(ControlException.class,
                () -> ControlClient.submit(noDaemon, ControlAction.KILL, 0, "x", Duration.ofSeconds(2)));
            assertTrue(ex.getMessage().startsWith("no Horizon is running on " + noDaemon), ex.getMessage());
            forging.cancel(true);

            // Same forgery while a real daemon (this process) holds the lock: the desk names the wrong pid.
            Files.writeString(ControlChannel.desk(state), "pid=" + bystander.pid() + "\nstart_ticks=" +
                LinuxProcess.startTicks(bystander.pid()).orElse(0) + "\n");
            final ControlException wrongPid = assertThrows(ControlException.class,
                () -> ControlClient.submit(state, ControlAction.KILL, 0, "x", Duration.ofSeconds(2)));
            assertTrue(wrongPid.getMessage().contains("names pid " + bystander.pid() + " but pid " + ProcessHandle.current().pid() +
                " holds the lock"), wrongPid.getMessage());
        }
        finally
        {
            forger.shutdownNow();
            bystander.destroy();
            bystander.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldIgnoreAnAckNotOwnedByTheDaemonsUser() throws Exception
    {
        Assumptions.assumeTrue(LinuxProcess.selfUid().orElse(-1) == 0, "needs root to write a file as another user");
        ControlChannelTest.announceWithoutTaking(state);
        final ExecutorService forger = Executors.newSingleThreadExecutor();
        try
        {
            forger.submit(() -> forgeAcksAs(state, 4242));
            final ControlException ex = assertThrows(ControlException.class,
                () -> ControlClient.submit(state, ControlAction.KILL, 0, "x", Duration.ofSeconds(5)));
            assertTrue(ex.getMessage().contains("is owned by uid 4242, not by the daemon's user"), ex.getMessage());
        }
        finally
        {
            forger.shutdownNow();
        }
    }

    private static Void forgeAcks(final Path state) throws Exception
    {
        return forgeAcksAs(state, -1);
    }

    /** Answers every request that appears with a forged PROCESSED ack, as an attacker in the group would. */
    private static Void forgeAcksAs(final Path state, final int uid) throws Exception
    {
        while (!Thread.currentThread().isInterrupted())
        {
            try (var files = Files.list(ControlChannel.requests(state)))
            {
                for (final Path f : files.toList())
                {
                    final String name = f.getFileName().toString();
                    if (name.endsWith(ControlChannel.REQUEST))
                    {
                        final String id = name.substring(0, name.length() - ControlChannel.REQUEST.length());
                        final Path ack = ControlChannel.acks(state).resolve(id + ControlChannel.ACK);
                        final Path tmp = ControlChannel.acks(state).resolve("forged.tmp");
                        Files.write(tmp, new ControlAck(id, ControlAck.Status.PROCESSED, "user:admin",
                            "journaled and processed by the engine").toText().getBytes(StandardCharsets.UTF_8));
                        if (uid >= 0)
                        {
                            Files.setAttribute(tmp, "unix:uid", uid);
                        }
                        Files.move(tmp, ack, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        Files.deleteIfExists(f);
                    }
                }
            }
            Thread.sleep(5);
        }
        return null;
    }
}
