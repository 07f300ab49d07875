package io.horizon.ops.deploy;

import java.nio.file.Path;
import java.util.Map;

import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.DaemonLog.await;
import static io.horizon.ops.deploy.FixDaemonRig.edit;
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
        final Map<String, Long> instruments = FixDaemonRig.presetInstruments();
        // SPY, in the preset, is not listed: its MarketDataRequest is rejected (35=Y) and counted.
        instruments.remove("SPY");
        try (FixDaemonRig rig = new FixDaemonRig(dir, new SimFaults(), instruments))
        {
            final FixExchangeSimulator simulator = rig.simulator();
            final String overrides = "[risk.overrides]\n";
            rig.startDaemon(rig.writePreset("fix-sim.hz.toml", edit(rig.presetText(), overrides,
                overrides + "feed_degraded_seconds = 1\nfeed_stale_seconds = 2\ngrace_period_s = 1\n")), true);

            rig.awaitLog("FIX market data on venue sim as feed 1");
            await(() -> simulator.marketDataSubscriptions() == 2, "Horizon subscribed to the two listed instruments");
            rig.awaitLog("MarketDataRequestReject for 262=MDReqID HZMD-1-SPY (SPY)");
            await(() -> metrics(rig).contains("horizon_fix_market_data_rejected_requests_total{venue=\"sim\"} 1.0"),
                "the rejected request is in the metrics");
            // Let the grace period pass with quotes flowing: the feed is known and healthy.
            Thread.sleep(2_500);
            assertTrue(!rig.readLog().contains(STALE), "no stale feed while quotes flow:\n" + rig.readLog());

            simulator.pauseMarketData(true);
            rig.awaitLog(STALE);
            simulator.pauseMarketData(false);
            rig.awaitLog(RECOVERED);

            simulator.close();
            // Stale again once the session dropped and stayed down.
            rig.awaitLogCount(STALE, 2);
            assertTrue(rig.readLog().contains("the session is down; no quotes until it logs on again"), rig.readLog());
            assertTrue(rig.isDaemonRunning(), "it keeps running with the feed stale");
        }
    }

    private static String metrics(final FixDaemonRig rig)
    {
        try
        {
            return rig.metrics();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
