package io.horizon.ops.deploy;

import java.nio.file.Path;

import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.deploy.FixDaemonRig.edit;
import static io.horizon.ops.deploy.FixDaemonRig.withSyntheticFeed;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code when_down = "wait"} in the daemon: Horizon, the real CLI in a child process, trades the
 * FIX exchange simulator over loopback with the sample market maker on its synthetic market; the
 * simulator drops the socket and refuses logons for a while, so the market maker's orders, amends
 * and cancels are held (each journaled as {@code ORDER_HELD}); once the simulator accepts the
 * logon again they go out, and none of them
 * reaches the dead-letter queue; {@code replay --verify} re-runs the journal to the same outputs.
 */
final class FixOrdersWhileDownDaemonTest
{
    @TempDir
    Path dir;

    @Test
    void shouldHoldOrdersWhileTheSessionIsDownAndSendThemAfterTheLogonWithNothingDeadLettered() throws Exception
    {
        final SimFaults faults = new SimFaults();
        try (FixDaemonRig rig = new FixDaemonRig(dir, faults))
        {
            final String text = withSyntheticFeed(rig.presetText());
            // Amends only after a move of 20 ticks, not 2, on a market of 200 quotes/s, not 2,000:
            // with 2 ticks, each quote was amended again as soon as its last amend was answered, so
            // the drop could find all of them waiting for an answer, and a quote waiting for one is
            // not amended again before the logon (nothing held; StatFixVenueTest failed in CI on it).
            rig.startDaemon(rig.writePreset("wait.hz.toml", edit(edit(edit(edit(edit(text,
                "\nrate = 2000\n", "\nrate = 200\n"),
                "when_down = \"dlq\"", "when_down = \"wait\""),
                "requote_ticks = 2 ", "requote_ticks = 20"),
                "reconnect_min_ms = 500", "reconnect_min_ms = 200"),
                "reconnect_max_ms = 30000", "reconnect_max_ms = 400")));
            rig.awaitLog(FixDaemonRig.LOGGED_ON);
            // Running, the synthetic market moving: the market maker sends orders all the time, and
            // amends its quotes resting at the venue also while the session is down (orders still
            // unanswered at the drop would wait for the logon, so nothing might be held).
            rig.awaitLog("Horizon running");
            DaemonLog.await(() -> rig.simulator().restingOrders() > 0, "the market maker's quotes rest at the simulator");
            Thread.sleep(1_000);

            faults.rejectLogons(true);
            rig.simulator().dropSession();
            rig.awaitLog("holding orders until the logon");
            Thread.sleep(1_500);
            faults.rejectLogons(false);
            rig.awaitLogCount(FixDaemonRig.LOGGED_ON, 2);
            rig.awaitLog("no command is held for the logon any more");
            rig.stopDaemon();

            final String summary = rig.readLog();
            assertFalse(summary.contains("not logged on: FIX venue"), "nothing refused for the session being down:\n" +
                summary);
            assertFalse(summary.contains("still held for the logon"), "every held command went out:\n" + summary);
            final String deadLetters = rig.cli("dlq", "list", "--state", rig.state().toString());
            assertFalse(deadLetters.contains("not logged on"), deadLetters);
            final String controls = rig.cli("replay", "--state", rig.state().toString(), "--type", "control");
            assertTrue(controls.contains("ORDER_HELD"), "each held command is journaled:\n" + controls);
            final String verify = rig.cli("replay", "--state", rig.state().toString(), "--verify");
            assertTrue(verify.contains("verified "), verify);
        }
    }
}
