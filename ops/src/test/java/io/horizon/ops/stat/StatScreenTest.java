package io.horizon.ops.stat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.ops.counters.CountersFile;
import io.horizon.ops.counters.CountersSnapshot;
import io.horizon.ops.counters.DaemonPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code horizon stat} screen painted into a fixed-size virtual terminal: what an operator
 * sees on 80 x 24, and on less.
 */
final class StatScreenTest
{
    @TempDir
    Path state;

    private CountersFile file;

    @BeforeEach
    void daemonWithKnownFigures() throws Exception
    {
        file = CountersFile.create(state);
        file.threading("dedicated", "backoff");
        final EngineCounters c = file.counters();
        c.ordersReceived.setRelease(1234);
        c.ordersSubmitted.setRelease(1000);
        c.fills.setRelease(900);
        c.liveOrders.setRelease(5);
        for (int i = 0; i < 34; i++)
        {
            c.reject(RejectReason.RATE_LIMIT);
        }
        c.counter("horizon_kill_switch_engaged", EngineCounters.TYPE_GAUGE).setRelease(1);
        c.counter("horizon_feed_status{feed=\"1\"}", EngineCounters.TYPE_GAUGE).setRelease(0);
        c.counter("horizon_feed_heartbeat_age_seconds{feed=\"1\"}", EngineCounters.TYPE_GAUGE_MILLIS).setRelease(250);
        c.counter("horizon_feed_gaps_total{feed=\"1\"}", EngineCounters.TYPE_PLAIN).setRelease(2);
        c.counter("horizon_audit_events_total", EngineCounters.TYPE_PLAIN).setRelease(77);
        c.counter("horizon_dlq_depth", EngineCounters.TYPE_GAUGE).setRelease(3);
        VenueSessionState.gauge(c, "paper").setRelease(VenueSessionState.EMBEDDED.code());
        final EngineLatency latency = new EngineLatency();
        final LatencyRecorder order = latency.recorder("horizon_order_latency_seconds{venue=\"paper\",account=\"paper\"}",
            LatencyRecorder.Kind.HISTOGRAM, EngineLatency.DEFAULT_HIGHEST_NANOS);
        file.publishLatency(latency);
        order.record(TimeUnit.MICROSECONDS.toNanos(40));
        order.record(TimeUnit.MICROSECONDS.toNanos(80));
        file.publishLatencyNow();
        file.recentAlerts().record(System.currentTimeMillis(), "critical", "Kill switch engaged", "user:ops: INC-7");
        file.phase(DaemonPhase.RUNNING);
    }

    @AfterEach
    void close()
    {
        file.close();
    }

    @Test
    void shouldShowTheHeaderAndTheOrderPanelOnAnEightyByTwentyFourTerminal() throws Exception
    {
        final VirtualTerminal terminal = paint(StatScreen.WIDTH, StatScreen.HEIGHT);

        assertEquals(0, terminal.scrolled(), terminal::screen);
        final String header = terminal.row(0);
        assertTrue(header.startsWith("Horizon RUNNING  pid " + ProcessHandle.current().pid() + "  up "), terminal::screen);
        assertTrue(header.contains("ready"), terminal::screen);
        assertTrue(header.contains("KILL SWITCH ENGAGED"), terminal::screen);
        assertTrue(terminal.styleOf("KILL SWITCH ENGAGED").contains("41"), "the engaged kill switch is drawn on red");
        assertTrue(terminal.row(1).startsWith("threading dedicated, wait backoff  state " + state), terminal::screen);

        assertTrue(terminal.row(2).matches("ORDERS\\s+received\\s+submitted\\s+filled\\s+rejected\\s+live"), terminal::screen);
        assertTrue(terminal.row(3).matches("\\s+total\\s+1234\\s+1000\\s+900\\s+34\\s+5"), terminal::screen);
        assertTrue(terminal.row(4).matches("\\s+per s\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+\\s+since start"), terminal::screen);

        final String screen = terminal.screen();
        int at = -1;
        for (final String panel : List.of("ORDERS", "LATENCY", "FEEDS", "VENUES", "RISK", "STORES", "ALERTS"))
        {
            final int next = screen.indexOf("\n" + panel);
            assertTrue(next > at, panel + " comes next, on a row of its own:\n" + screen);
            at = next;
        }
        assertTrue(screen.contains("\n  order to ack paper/paper       2     40.0us     80.1us     80.1us     80.1us\n"), screen);
        assertTrue(screen.contains("feed 1     healthy      heartbeat 0.3s ago   gaps 2"), screen);
        assertTrue(screen.contains("paper      embedded"), screen);
        assertTrue(screen.contains("RISK      rejects rate_limit 34"), screen);
        assertTrue(screen.contains("critical Kill switch engaged: user:ops: INC-7"), screen);
        assertTrue(screen.contains("events 77"), screen);
        assertTrue(screen.contains("depth 3"), screen);
        assertTrue(screen.contains("audit  lag - records"), "a counter the daemon did not publish is '-', not a number:\n" + screen);
        assertFalse(screen.contains("hidden"), screen);
    }

    @Test
    void shouldShowTheFixVenuesSessionItsMessagesHeldAndDeferredCommandsAndHowLongItHasBeenDown() throws Exception
    {
        final EngineCounters c = file.counters();
        final String broker = "{venue=\"broker\"}";
        VenueSessionState.gauge(c, "broker").setRelease(VenueSessionState.DOWN.code());
        c.counter("horizon_venue_messages_in_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(1014);
        c.counter("horizon_venue_messages_out_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(414);
        c.counter("horizon_venue_held_commands" + broker, EngineCounters.TYPE_GAUGE).setRelease(3);
        c.counter("horizon_venue_deferred_commands" + broker, EngineCounters.TYPE_GAUGE).setRelease(0);
        c.counter("horizon_venue_logons_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(1);
        c.counter("horizon_venue_disconnects_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(2);
        c.counter("horizon_venue_slow_consumer_disconnects_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(1);
        c.counter("horizon_venue_session_state_age_seconds" + broker, EngineCounters.TYPE_EPOCH_NANOS)
            .setRelease((System.currentTimeMillis() - 65_000) * 1_000_000L);

        final StatView view = StatView.of(state, CountersSnapshot.read(state), null);
        final String screen = StatScreen.plain(StatScreen.render(view, StatScreen.WIDTH, Integer.MAX_VALUE));

        assertTrue(screen.contains("\nVENUES    paper      embedded     submitted "), "the paper venue as before, one line:\n" + screen);
        final String[] lines = screen.split("\n");
        int row = -1;
        for (int i = 0; i < lines.length; i++)
        {
            row = lines[i].startsWith("          broker     down ") ? i : row;
        }
        assertTrue(row > 0, "the FIX venue is listed as down:\n" + screen);
        assertTrue(lines[row + 1].matches(
            " {10}msgs in 1014 out 414  held 3  deferred 0  down 0h01m0[5-9]s  drops 2"),
            "its session's figures on the line below:\n" + screen);
        assertEquals("          SLOW_CONSUMER drops 1: see runbook venue-disconnect", lines[row + 2],
            "a drop by Artio as SLOW_CONSUMER is called out:\n" + screen);
        assertFalse(lines[row - 1].contains("msgs"), "the paper venue has no session line:\n" + screen);
        final StatView.FixSession fix = view.venues().get(1).fix();
        assertFalse(fix.loggedOn());
        assertTrue(fix.forMillis() >= 65_000 && fix.forMillis() < 120_000, fix::toString);
        assertNull(view.venues().get(0).fix(), "the paper venue has no session");

        VenueSessionState.gauge(c, "broker").setRelease(VenueSessionState.CONNECTING.code());
        assertEquals("reconnecting", StatView.of(state, CountersSnapshot.read(state), null).venues().get(1).session(),
            "a logon after it had been logged on is a reconnection");
    }

    @Test
    void shouldNameAFixVenuesRoundTripInTheLatencyBlockByItsVenue()
    {
        assertEquals("round trip broker", StatView.shortName("horizon_venue_round_trip_latency_seconds{venue=\"broker\"}"));
        assertEquals("order to ack paper/paper",
            StatView.shortName("horizon_order_latency_seconds{venue=\"paper\",account=\"paper\"}"), "the order latency as before");
    }

    @Test
    void shouldShowTheFixVenuesDropsByReasonAndTheInvalidMessagesItSent() throws Exception
    {
        final EngineCounters c = file.counters();
        final String broker = "{venue=\"broker\"}";
        VenueSessionState.gauge(c, "broker").setRelease(VenueSessionState.LOGGED_ON.code());
        c.counter("horizon_venue_messages_in_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(10);
        c.counter("horizon_venue_messages_out_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(4);
        c.counter("horizon_venue_disconnects_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(3);
        c.counter("horizon_venue_invalid_messages_total" + broker, EngineCounters.TYPE_PLAIN).setRelease(5);
        c.counter("horizon_venue_disconnect_reasons_total{venue=\"broker\",reason=\"remote_disconnect\"}",
            EngineCounters.TYPE_PLAIN).setRelease(2);
        c.counter("horizon_venue_disconnect_reasons_total{venue=\"broker\",reason=\"invalid_fix_message\"}",
            EngineCounters.TYPE_PLAIN).setRelease(1);
        c.counter("horizon_venue_disconnect_reasons_total{venue=\"broker\",reason=\"slow_consumer\"}",
            EngineCounters.TYPE_PLAIN).setRelease(0);

        final StatView view = StatView.of(state, CountersSnapshot.read(state), null);
        final String screen = StatScreen.plain(StatScreen.render(view, StatScreen.WIDTH, Integer.MAX_VALUE));

        final String[] lines = screen.split("\n");
        int row = -1;
        for (int i = 0; i < lines.length; i++)
        {
            row = lines[i].startsWith("          broker     logged on ") ? i : row;
        }
        assertTrue(row > 0, "the FIX venue is listed:\n" + screen);
        assertTrue(lines[row + 1].matches(" {10}msgs in 10 out 4  held - {2}deferred - .*drops 3  invalid msgs 5"),
            "the drops and the invalid messages on the session's line:\n" + screen);
        assertEquals("          drops by reason: remote_disconnect 2 invalid_fix_message 1", lines[row + 2],
            "the drops by Artio's reason, most first, a reason never seen left out:\n" + screen);
        assertEquals(List.of(new StatView.DropReason("remote_disconnect", 2), new StatView.DropReason("invalid_fix_message", 1)),
            view.venues().get(1).fix().dropReasons());
    }

    @Test
    void shouldKeepTheHeaderAndOrdersOnASmallerTerminalAndSayWhichPanelsItLeftOut() throws Exception
    {
        final VirtualTerminal terminal = paint(60, 12);

        assertEquals(0, terminal.scrolled(), "nothing scrolls off a small terminal:\n" + terminal.screen());
        assertTrue(terminal.row(0).startsWith("Horizon RUNNING  pid "), terminal::screen);
        assertTrue(terminal.row(1).startsWith("threading dedicated"), "a line longer than 60 is cut, not wrapped:\n" + terminal.screen());
        assertTrue(terminal.row(2).startsWith("ORDERS"), terminal::screen);
        assertTrue(terminal.row(3).matches("\\s+total\\s+1234\\s+1000\\s+900\\s+34"), terminal::screen);
        assertTrue(terminal.row(6).startsWith("LATENCY"), terminal::screen);
        assertTrue(terminal.row(10).startsWith("FEEDS"), terminal::screen);
        assertTrue(terminal.row(11).startsWith("(venues, risk, stores, alerts hidden"), terminal::screen);
        assertFalse(terminal.screen().contains("VENUES"), "a panel is shown whole or not at all:\n" + terminal.screen());
    }

    @Test
    void shouldStillShowTheHeadlineOnATinyTerminal() throws Exception
    {
        final VirtualTerminal terminal = paint(30, 3);

        assertEquals(0, terminal.scrolled(), terminal::screen);
        assertEquals("Horizon RUNNING  pid " + ProcessHandle.current().pid(), terminal.row(0).substring(0, 21 + Long.toString(ProcessHandle.current().pid()).length()));
        assertTrue(terminal.row(2).startsWith("(orders, latency"), terminal::screen);
    }

    @Test
    void shouldShowAStoppedDaemonAsStoppedWithItsLastValues() throws Exception
    {
        file.close();
        final VirtualTerminal terminal = paint(StatScreen.WIDTH, StatScreen.HEIGHT);

        assertTrue(terminal.row(0).startsWith("Horizon STOPPED  pid " + ProcessHandle.current().pid() + "  at "), terminal::screen);
        assertNotNull(terminal.styleOf("STOPPED"));
        assertTrue(terminal.styleOf("STOPPED").contains("41"), "stopped is drawn on red");
        assertTrue(terminal.row(1).startsWith("last values"), terminal::screen);
        assertTrue(terminal.row(3).matches("\\s+total\\s+1234\\s+1000\\s+900\\s+34\\s+5"), "the last values, not zeros:\n" + terminal.screen());
    }

    private VirtualTerminal paint(final int columns, final int rows) throws Exception
    {
        final StatView view = StatView.of(state, CountersSnapshot.read(state), null);
        return new VirtualTerminal(columns, rows).write(AnsiPainter.paint(StatScreen.render(view, columns, rows), true));
    }
}
