package io.horizon.ops.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.daemon.StateDirectory;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the daemon's end of the control channel with what someone who can write
 * {@code control/requests} might drop there: random bytes, mutated requests (values, actions,
 * ids, control and invisible characters, unknown keys), huge files, FIFOs, symbolic and hard
 * links, folders, names with traversal. The oracle is built independently of the parser: only
 * the cases generated valid may reach the engine, each of those must, nothing blocks the desk,
 * and the engine keeps processing. The seed is fixed (and printed), so a failure reproduces.
 */
final class ControlRequestFuzzTest
{
    private static final long SEED = 0x5EED_0014L;
    private static final int CASES = 400;
    private static final String[] BAD_CHARS = {"\\n", "\\r", "\\u0000", "\\u001b", "\\u202e", "\\u200b", "\\u2028", "\\ud800", "\\u0085"};

    @TempDir
    Path state;
    @TempDir
    Path elsewhere;

    @Test
    void shouldAcceptOnlyValidRequestsAndNeverBlockWhateverIsDroppedInRequests() throws Exception
    {
        final Random random = new Random(SEED);
        final InMemoryJournal journal = new InMemoryJournal();
        final EnginePipeline pipeline = DefaultSetup.engine(EngineConfig.builder().heartbeatIntervalMillis(0).build())
            .journal(journal).sideEffects(false).build().start();
        final Map<String, Boolean> expected = new HashMap<>();
        try (StateDirectory lock = StateDirectory.open(state);
             ControlDesk desk = ControlDesk.open(state, pipeline.orderEntry(), pipeline.ring()))
        {
            final Path requests = ControlChannel.requests(state);
            for (int i = 0; i < CASES; i++)
            {
                final String id = "f-" + i;
                expected.put(id, plant(random, requests.resolve(id + ControlChannel.REQUEST), id));
                if (i % 25 == 24)
                {
                    assertTimeoutPreemptively(Duration.ofSeconds(20), desk::poll, "seed " + SEED + ", case " + i);
                }
            }
            // Names the desk must never take (and never resolve): traversal, odd suffixes.
            for (final String name : List.of("..request", "a.b.request", "..%2F..%2Fx.request", "x.request.tmp", ".request"))
            {
                Files.writeString(requests.resolve(name), "id=x\naction=KILL\nvalue=0\nreason=x\n");
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), desk::poll);

            int valid = 0;
            for (final Map.Entry<String, Boolean> c : expected.entrySet())
            {
                final ControlAck ack = ControlAck.read(ControlChannel.acks(state).resolve(c.getKey() + ControlChannel.ACK));
                assertEquals(c.getValue(), ack.status().published(), "seed " + SEED + ", " + c.getKey() + ": " + ack);
                valid += c.getValue() ? 1 : 0;
            }
            assertTrue(valid > 20 && valid < CASES - 100, "the generator makes both kinds: " + valid + " valid");
            assertTrue(pipeline.awaitIdle(10_000));
            final List<InboundEvent> controls = journal.events().stream().filter(e -> e.type == EventType.CONTROL).toList();
            assertEquals(valid, controls.size(), "exactly the valid requests reached the engine");
            for (final InboundEvent e : controls)
            {
                assertTrue(e.text().chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), "journaled text is one printable line: " + e.text());
            }
            for (final String name : List.of("..request", "a.b.request", "..%2F..%2Fx.request", "x.request.tmp", ".request"))
            {
                assertTrue(Files.exists(requests.resolve(name)), "never taken: " + name);
            }
            try (var planted = Files.list(elsewhere))
            {
                assertTrue(planted.allMatch(p -> p.getFileName().toString().startsWith("target-")), "nothing written outside");
            }
        }
        finally
        {
            pipeline.drainAndStop();
        }
    }

    /**
     * Drops one case at {@code file}.
     *
     * @return whether the daemon must take it.
     */
    private boolean plant(final Random random, final Path file, final String id) throws Exception
    {
        final int kind = random.nextInt(10);
        switch (kind)
        {
            case 0 ->
            {
                final byte[] bytes = new byte[random.nextInt(700)];
                random.nextBytes(bytes);
                Files.write(file, bytes);
                return false;
            }
            case 1 ->
            {
                Files.writeString(file, valid(id, "padding") + "#" + "x".repeat(4_096 + random.nextInt(1 << 20)) + "\n");
                return false;
            }
            case 2 ->
            {
                mkfifo(file);
                return false;
            }
            case 3 ->
            {
                final Path target = elsewhere.resolve("target-" + id);
                Files.writeString(target, valid(id, "via a link"));
                Files.createSymbolicLink(file, target);
                return false;
            }
            case 4 ->
            {
                final Path target = elsewhere.resolve("target-" + id);
                Files.writeString(target, valid(id, "via a hard link"));
                Files.createLink(file, target);
                return false;
            }
            case 5 ->
            {
                Files.createDirectory(file);
                return false;
            }
            case 6, 7 ->
            {
                return mutated(random, file, id);
            }
            default ->
            {
                Files.writeString(file, valid(id, safeReason(random)));
                return true;
            }
        }
    }

    private boolean mutated(final Random random, final Path file, final String id) throws Exception
    {
        String action = random.nextBoolean() ? "KILL" : "RESET";
        String value = "0";
        String fileId = id;
        String reason = safeReason(random);
        String extra = "";
        boolean ok = true;
        switch (random.nextInt(7))
        {
            case 0 ->
            {
                value = Long.toString(random.nextLong());
                ok = "0".equals(value);
            }
            case 1 ->
            {
                final ControlAction[] all = ControlAction.values();
                action = random.nextBoolean() ? all[random.nextInt(all.length)].name() : "X" + random.nextInt(99);
                ok = "KILL".equals(action) || "RESET".equals(action);
            }
            case 2 ->
            {
                fileId = random.nextBoolean() ? "../../" + id : id + "0";
                ok = false;
            }
            case 3 ->
            {
                final String bad = BAD_CHARS[random.nextInt(BAD_CHARS.length)];
                final int at = random.nextInt(reason.length() + 1);
                reason = reason.substring(0, at) + bad + reason.substring(at);
                ok = false;
            }
            case 4 ->
            {
                extra = "k" + random.nextInt(1000) + "=v\n";
                ok = false;
            }
            case 5 ->
            {
                reason = "  ";
                ok = false;
            }
            default ->
            {
                reason = "r".repeat(901 + random.nextInt(1000));
                ok = false;
            }
        }
        Files.writeString(file, "id=" + fileId + "\naction=" + action + "\nvalue=" + value + "\nreason=" + reason + "\n" + extra,
            StandardCharsets.UTF_8);
        return ok;
    }

    private static String valid(final String id, final String reason)
    {
        return "id=" + id + "\naction=KILL\nvalue=0\nreason=" + reason + "\n";
    }

    private static String safeReason(final Random random)
    {
        final StringBuilder b = new StringBuilder("r");
        final int n = random.nextInt(60);
        for (int i = 0; i < n; i++)
        {
            b.append((char)('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static void mkfifo(final Path path) throws Exception
    {
        assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor());
    }

    @Test
    void shouldKeepALiveDaemonTradingAndTakingCommandsAfterGarbageInRequests() throws Exception
    {
        final Path log = elsewhere.resolve("daemon.log");
        final Path dir = elsewhere.resolve("live");
        final Process daemon = HorizonProcess.start(log, "run", "--state", dir.toString(), "--metrics-port", "0");
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            final Path requests = ControlChannel.requests(dir);
            mkfifo(requests.resolve("g-1.request"));
            Files.createSymbolicLink(requests.resolve("g-2.request"), Path.of("/etc/passwd"));
            Files.writeString(requests.resolve("g-3.request"), "x".repeat(1 << 20));
            final byte[] noise = new byte[512];
            new Random(SEED).nextBytes(noise);
            Files.write(requests.resolve("g-4.request"), noise);
            Files.writeString(requests.resolve("g-5.request"), "id=g-5\naction=KILL\nvalue=7\nreason=x\\nforged\n");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 1; i <= 5; i++)
            {
                final Path ack = ControlChannel.acks(dir).resolve("g-" + i + ControlChannel.ACK);
                while (!Files.exists(ack) && System.nanoTime() < deadline)
                {
                    Thread.sleep(20);
                }
                final ControlAck answer = ControlAck.read(ack);
                assertFalse(answer.status().published(), answer.toString());
            }

            final HorizonProcess.Result kill = HorizonProcess.inProcess("kill", "--state", dir.toString(), "--reason", "after the fuzz");
            assertEquals(0, kill.exitCode(), kill.output());
            assertTrue(kill.output().contains("KILL processed"), kill.output());
            assertTrue(daemon.isAlive());
            final String running = Files.readString(log);
            assertTrue(running.contains("control request g-1 refused"), running);
        }
        finally
        {
            final int exit = HorizonProcess.terminate(daemon);
            assertEquals(0, exit, Files.readString(log));
        }
        final String summary = Files.readString(log);
        assertTrue(summary.contains("kill switch"), summary);
    }
}
