package io.horizon.ops.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.FixedPoint;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the FIX daemon tests run: the FIX exchange simulator (QuickFIX/J, in the test's JVM, on a
 * free loopback port, its market moving every 5 ms) and Horizon's daemon, the real CLI in a child
 * process, trading it with the embedded {@code fix-sim} preset as the test edits it; its log is
 * {@code daemon.log} and its state {@code state} under the test's directory. The rig starts the
 * simulator when made and at most one daemon at a time; {@link #close()} stops both, whatever
 * happened. Metrics are off unless the daemon is started to be scraped ({@link #startDaemon(Path, boolean)}).
 * <p>
 * Threading: the test thread only.
 */
final class FixDaemonRig implements AutoCloseable
{
    /** What the daemon logs at each logon of a FIX session. */
    static final String LOGGED_ON = ": logged on (next MsgSeqNum";
    private static final String PRESET_PORT = "\nport = 9878";

    private final Path dir;
    private final FixExchangeSimulator simulator;
    private final Path log;
    private final Path state;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process daemon;
    private int metricsPort;

    /**
     * Starts a simulator that lists the preset's three instruments (AAPL 190, MSFT 420, SPY 560).
     *
     * @param dir    the test's directory.
     * @param faults its fault modes, to change while it runs.
     */
    FixDaemonRig(final Path dir, final SimFaults faults)
    {
        this(dir, faults, presetInstruments());
    }

    /**
     * Starts a simulator that lists these instruments only.
     *
     * @param instruments symbol to reference price.
     */
    FixDaemonRig(final Path dir, final SimFaults faults, final Map<String, Long> instruments)
    {
        this.dir = dir;
        this.log = dir.resolve("daemon.log");
        this.state = dir.resolve("state");
        this.simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0, FixSimSettings.DEFAULT_COMP_ID,
            FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 5, List.of(), null, null), faults).start();
    }

    /** @return the preset's instruments with their reference prices: AAPL 190, MSFT 420, SPY 560. */
    static Map<String, Long> presetInstruments()
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(190));
        instruments.put("MSFT", FixedPoint.ofUnits(420));
        instruments.put("SPY", FixedPoint.ofUnits(560));
        return instruments;
    }

    FixExchangeSimulator simulator()
    {
        return simulator;
    }

    /** @return the daemon's log file (stdout and stderr). */
    Path log()
    {
        return log;
    }

    /** @return the daemon's state directory. */
    Path state()
    {
        return state;
    }

    /** @return the embedded {@code fix-sim} preset, its venue pointing at this simulator. */
    String presetText()
    {
        return edit(EmbeddedPresets.text(EmbeddedPresets.FIX_SIM), PRESET_PORT, "\nport = " + simulator.port());
    }

    /** Writes a preset under the test's directory. */
    Path writePreset(final String name, final String text) throws IOException
    {
        final Path preset = dir.resolve(name);
        Files.writeString(preset, text, StandardCharsets.UTF_8);
        return preset;
    }

    /**
     * @return the text with {@code what} replaced by {@code with}; fails the test when {@code what}
     *         is not there (the preset changed under the test).
     */
    static String edit(final String text, final String what, final String with)
    {
        assertTrue(text.contains(what), "the preset has " + what.strip());
        return text.replace(what, with);
    }

    /** @return the preset with its [feed] table replaced by Horizon's synthetic market. */
    static String withSyntheticFeed(final String preset)
    {
        final int feed = preset.indexOf("\n[feed]\n");
        final int next = preset.indexOf("\n[", feed + 1);
        assertTrue(feed >= 0 && next > feed, "the preset has a [feed] table");
        return preset.substring(0, feed) + "\n[feed]\nkind = \"synthetic\"\nrate = 2000\n" + preset.substring(next);
    }

    /**
     * Starts {@code horizon run} with the preset on the rig's state for up to 600 s, metrics off.
     */
    void startDaemon(final Path preset) throws IOException
    {
        startDaemon(preset, false);
    }

    /**
     * As above; with {@code scraped}, {@code /metrics} is served on a free port of 127.0.0.1 ({@link #metrics()}).
     */
    void startDaemon(final Path preset, final boolean scraped) throws IOException
    {
        assertTrue(daemon == null, "one daemon at a time");
        final List<String> args = new ArrayList<>(List.of("run", "--preset", preset.toString(), "--state",
            state.toString(), "--duration", "600s"));
        if (scraped)
        {
            metricsPort = freePort();
            args.addAll(List.of("--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(metricsPort)));
            daemon = HorizonProcess.start(log, args.toArray(String[]::new));
        }
        else
        {
            args.addAll(List.of("--metrics-port", "0"));
            daemon = HorizonProcess.start(log, Map.of("HORIZON_METRICS_PORT", "0"), args.toArray(String[]::new));
        }
    }

    /** Waits until the daemon has logged a line with the text (fails if it exits first). */
    void awaitLog(final String text) throws Exception
    {
        HorizonProcess.awaitLogLine(daemon, log, text);
    }

    /** Waits until the text stands in the daemon's log at least {@code times} times. */
    void awaitLogCount(final String text, final int times) throws InterruptedException
    {
        DaemonLog.awaitCount(log, text, times);
    }

    /** @return the daemon's log so far. */
    String readLog()
    {
        return DaemonLog.read(log);
    }

    /** @return true while the daemon runs. */
    boolean isDaemonRunning()
    {
        return daemon != null && daemon.isAlive();
    }

    /**
     * @return the daemon's {@code /metrics} page, or "" while it does not answer yet; fails the
     *         test on a status other than 200.
     */
    String metrics() throws InterruptedException
    {
        assertTrue(metricsPort > 0, "the daemon was started to be scraped");
        try
        {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /**
     * Stops the daemon with SIGTERM and fails the test unless it exits with 0.
     */
    void stopDaemon() throws InterruptedException
    {
        final Process stopping = daemon;
        daemon = null;
        assertEquals(0, HorizonProcess.terminate(stopping), readLog());
    }

    /**
     * Runs {@code horizon ARGS} in the test's directory to its end (metrics off).
     *
     * @return its output; fails the test on a non-zero exit.
     */
    String cli(final String... args)
    {
        final ExternalTool.Result result = ExternalTool.run(dir, Map.of("HORIZON_METRICS_PORT", "0"),
            HorizonCli.command(args));
        assertEquals(0, result.exitCode(), "horizon " + String.join(" ", args) + "\n" + result.output());
        return result.output();
    }

    /** Stops the simulator and a daemon still running (SIGTERM, then SIGKILL after {@link HorizonProcess#TIMEOUT_S}). */
    @Override
    public void close() throws InterruptedException
    {
        try
        {
            simulator.close();
        }
        finally
        {
            if (daemon != null)
            {
                daemon.destroy();
                if (!daemon.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS))
                {
                    daemon.destroyForcibly();
                }
                daemon = null;
            }
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
