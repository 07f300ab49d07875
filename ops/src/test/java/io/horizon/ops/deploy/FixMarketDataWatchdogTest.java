package io.horizon.ops.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.FixedPoint;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.DaemonLog.await;
import static io.horizon.ops.deploy.DaemonLog.awaitCount;
import static io.horizon.ops.deploy.DaemonLog.read;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stalled FIX market data feed trips the feed watchdog: Horizon, the real CLI in a child process
 * with the embedded {@code fix-sim} preset (feed thresholds lowered to seconds), takes its market
 * data from the FIX exchange simulator over loopback (which does not list SPY: that request is
 * rejected and counted in the metrics); when the simulator stops publishing, the
 * feed turns stale ({@code feed.stale} alert) and recovers once quotes flow again; when the
 * simulator goes away altogether (the session drops and cannot log on again), the feed turns
 * stale again.
 */
final class FixMarketDataWatchdogTest
{
    private static final String STALE = "ALERT [error] Market data feed stale";
    private static final String RECOVERED = "Market data feed recovered";

    @TempDir
    Path dir;

    @Test
    void shouldMarkTheFixFeedStaleWhenTheVenueStopsPublishingAndWhenTheSessionDrops() throws Exception
    {
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(190));
        instruments.put("MSFT", FixedPoint.ofUnits(420));
        // SPY, in the preset, is not listed: its MarketDataRequest is rejected (35=Y) and counted.
        final FixExchangeSimulator simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0,
            FixSimSettings.DEFAULT_COMP_ID, FixSimSettings.DEFAULT_CLIENT_COMP_ID, instruments, 42, 5, List.of(), null, null))
            .start();
        Process daemon = null;
        final Path log = dir.resolve("daemon.log");
        try
        {
            final String text = EmbeddedPresets.text(EmbeddedPresets.FIX_SIM);
            final String overrides = "[risk.overrides]\n";
            assertTrue(text.contains("\nport = 9878") && text.contains(overrides), "the embedded preset has what we edit");
            final Path preset = dir.resolve("fix-sim.hz.toml");
            Files.writeString(preset, text.replace("\nport = 9878", "\nport = " + simulator.port())
                .replace(overrides, overrides + "feed_degraded_seconds = 1\nfeed_stale_seconds = 2\ngrace_period_s = 1\n"),
                StandardCharsets.UTF_8);
            final int metricsPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
            {
                metricsPort = socket.getLocalPort();
            }
            daemon = HorizonProcess.start(log, "run", "--preset", preset.toString(), "--state", dir.resolve("state").toString(),
                "--duration", "600s", "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(metricsPort));

            HorizonProcess.awaitLogLine(daemon, log, "FIX market data on venue sim as feed 1");
            await(() -> simulator.marketDataSubscriptions() == 2, "Horizon subscribed to the two listed instruments");
            HorizonProcess.awaitLogLine(daemon, log, "MarketDataRequestReject for 262=MDReqID HZMD-1-SPY (SPY)");
            await(() -> metrics(metricsPort).contains("horizon_fix_market_data_rejected_requests_total{venue=\"sim\"} 1.0"),
                "the rejected request is in the metrics");
            // Let the grace period pass with quotes flowing: the feed is known and healthy.
            Thread.sleep(2_500);
            assertTrue(!read(log).contains(STALE), "no stale feed while quotes flow:\n" + read(log));

            simulator.pauseMarketData(true);
            HorizonProcess.awaitLogLine(daemon, log, STALE);
            simulator.pauseMarketData(false);
            HorizonProcess.awaitLogLine(daemon, log, RECOVERED);

            simulator.close();
            // Stale again once the session dropped and stayed down.
            awaitCount(log, STALE, 2);
            assertTrue(read(log).contains("the session is down; no quotes until it logs on again"), read(log));
            assertTrue(daemon.isAlive(), "it keeps running with the feed stale");
        }
        finally
        {
            simulator.close();
            if (daemon != null)
            {
                daemon.destroy();
                if (!daemon.waitFor(HorizonProcess.TIMEOUT_S, TimeUnit.SECONDS))
                {
                    daemon.destroyForcibly();
                }
            }
        }
    }

    private static String metrics(final int port)
    {
        try
        {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final java.io.IOException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
