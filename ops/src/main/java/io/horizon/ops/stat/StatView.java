package io.horizon.ops.stat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.engine.watchdog.FeedStatus;
import io.horizon.ops.counters.CountersSnapshot;
import io.horizon.ops.counters.DaemonPhase;
import io.horizon.ops.counters.HeaderFacts;
import io.horizon.ops.counters.LatencyPublisher;
import io.horizon.ops.counters.RecentAlerts;
import io.horizon.ops.metrics.CounterLabel;
import io.micrometer.core.instrument.Tag;

/**
 * What {@code horizon stat} shows, computed from one reading of the counters file (and the one
 * before it, for rates): the header and the panels, in screen order, as plain values. The screen
 * ({@link StatScreen}) and the JSON ({@link StatJson}) both render this, so they never disagree.
 *
 * @param stateDirectory where the daemon's state is.
 * @param daemon         the header.
 * @param orders         the order flow.
 * @param latency        each latency series' last interval, the order latency first.
 * @param feeds          one row per market data feed.
 * @param venues         one row per venue that publishes a session state.
 * @param rejects        non-zero reject counts by layer and reason, largest first.
 * @param stores         audit and dead-letter stores.
 * @param alerts         the last few alerts, newest first.
 */
public record StatView(
    Path stateDirectory,
    Daemon daemon,
    Orders orders,
    List<Latency> latency,
    List<Feed> feeds,
    List<Venue> venues,
    List<Reject> rejects,
    Stores stores,
    List<RecentAlerts.Alert> alerts)
{
    /**
     * The header.
     *
     * @param running          its process is alive and it has not stopped.
     * @param phase            what it last said it was doing ({@code running}, {@code recovering}, ...).
     * @param pid              its process id.
     * @param startMillis      when it started, epoch millis.
     * @param upMillis         how long it has run (until its stop, once stopped); -1 when unknown.
     * @param stopMillis       when it stopped cleanly, epoch millis; 0 when it has not (or crashed).
     * @param threading        threading mode, or {@code null} when the daemon did not say.
     * @param waitStrategy     wait strategy, or {@code null} when the daemon did not say.
     * @param killSwitchEngaged whether the kill switch is engaged.
     * @param ready            running and live (not starting, recovering or stopping).
     * @param takenMillis      when this reading was taken.
     */
    public record Daemon(boolean running, String phase, long pid, long startMillis, long upMillis, long stopMillis,
        String threading, String waitStrategy, boolean killSwitchEngaged, boolean ready, long takenMillis)
    {
    }

    /**
     * The order flow, engine-wide.
     *
     * @param received      new orders the engine took.
     * @param submitted     orders that passed risk and went to a venue.
     * @param filled        fills applied.
     * @param rejected      orders rejected.
     * @param live          orders live now.
     * @param rates         per second, in the order received, submitted, filled, rejected.
     * @param rateSeconds   the window of the rates, seconds.
     * @param sinceStart    true when the rates are averages since start (first reading).
     * @param equity        equity by account, in USD.
     * @param openPositions open positions, all venues and accounts.
     */
    public record Orders(long received, long submitted, long filled, long rejected, long live, double[] rates,
        double rateSeconds, boolean sinceStart, Map<String, Double> equity, long openPositions)
    {
    }

    /**
     * One latency series over the daemon's last publishing interval; nanoseconds.
     *
     * @param series its label without the {@code stat} label.
     * @param name   a short name for the screen.
     */
    public record Latency(String series, String name, long count, long p50, long p99, long p999, long max)
    {
    }

    /**
     * One feed.
     *
     * @param heartbeatAgeMillis age of its last heartbeat when the watchdog last looked.
     */
    public record Feed(String feed, String status, long heartbeatAgeMillis, long gaps)
    {
    }

    /**
     * One venue: its session and its order flow.
     *
     * @param session its session: {@code logged on}, {@code down}, {@code connecting} (a first
     *                logon), {@code reconnecting} (a logon after it had been logged on),
     *                {@code logging out}, or {@code embedded} (the paper venue).
     * @param fix     what a FIX venue's session carries; {@code null} for a venue without one (paper).
     */
    public record Venue(String venue, String session, long submitted, long fills, long rejects, FixSession fix)
    {
    }

    /**
     * A FIX venue's session; -1 where the daemon did not publish the counter.
     *
     * @param messagesIn   messages the session delivered to Horizon.
     * @param messagesOut  orders, cancels, amends and status requests Horizon sent.
     * @param held         commands held now for the logon ({@code when_down = "wait"}).
     * @param deferred     commands waiting now for room in the channel to Artio (back-pressure).
     * @param drops        times the session dropped.
     * @param slowConsumerDrops of those, drops by Artio as SLOW_CONSUMER.
     * @param loggedOn     whether it is logged on.
     * @param sinceMillis  when it last logged on (when logged on) or last went down (else; its start
     *                     while it never logged on), epoch millis; -1 when unknown.
     * @param forMillis    how long before this reading that was; -1 when unknown.
     * @param dropReasons  the drops by Artio's reason, most first (only reasons seen); empty when none
     *                     or not published.
     * @param invalidMessages inbound messages that were not well-formed FIX; -1 when not published.
     */
    public record FixSession(long messagesIn, long messagesOut, long held, long deferred, long drops,
        long slowConsumerDrops, boolean loggedOn, long sinceMillis, long forMillis, List<DropReason> dropReasons,
        long invalidMessages)
    {
    }

    /**
     * Drops of a FIX session for one of Artio's reasons.
     *
     * @param reason the reason as the metric's label has it, e.g. {@code remote_disconnect}.
     * @param count  drops for it.
     */
    public record DropReason(String reason, long count)
    {
    }

    /**
     * Rejects of one reason.
     */
    public record Reject(String layer, String reason, long count)
    {
    }

    /**
     * The audit log and the dead-letter queue; -1 where the counter is missing.
     */
    public record Stores(long auditEvents, long auditLagRecords, long auditFaults, long dlqLagRecords, long dlqFaults,
        long dlqDepth)
    {
    }

    /**
     * Computes the view.
     *
     * @param stateDirectory where the daemon's state is.
     * @param now            this reading.
     * @param previous       the reading before from the same daemon, or {@code null}: rates are then
     *                       averages since start.
     * @return the view.
     */
    public static StatView of(final Path stateDirectory, final CountersSnapshot now, final CountersSnapshot previous)
    {
        final Map<String, List<Entry>> byName = new LinkedHashMap<>();
        for (final CountersSnapshot.Counter c : now.counters())
        {
            final Entry e = Entry.of(c);
            if (e != null)
            {
                byName.computeIfAbsent(e.name, k -> new ArrayList<>()).add(e);
            }
        }
        final boolean running = now.running();
        final long end = now.stopMillis() > 0 ? now.stopMillis() : running ? now.takenMillis() : -1;
        final long upMillis = end < 0 ? -1 : Math.max(0, end - now.startMillis());
        final DaemonPhase phase = now.phase();
        final Daemon daemon = new Daemon(running, running ? (phase == null ? "unknown" : phase.text()) : "stopped", now.pid(),
            now.startMillis(), upMillis, now.stopMillis(), now.facts().get(HeaderFacts.THREADING),
            now.facts().get(HeaderFacts.WAIT_STRATEGY), single(byName, "horizon_kill_switch_engaged") > 0,
            running && phase == DaemonPhase.RUNNING, now.takenMillis());
        return new StatView(stateDirectory, daemon, orders(now, previous, byName), latency(now), feeds(byName),
            venues(byName, now.takenMillis()), rejects(byName), stores(byName), now.alerts());
    }

    private static Orders orders(final CountersSnapshot now, final CountersSnapshot previous, final Map<String, List<Entry>> byName)
    {
        final String[] names = {
            "horizon_orders_received_total", "horizon_engine_orders_submitted_total", "horizon_engine_fills_total",
            "horizon_orders_rejected_total"};
        final long[] values = new long[names.length];
        for (int i = 0; i < names.length; i++)
        {
            values[i] = Math.max(0, single(byName, names[i]));
        }
        final boolean sinceStart = previous == null || previous.pid() != now.pid() || now.takenNanos() <= previous.takenNanos();
        final long end = now.stopMillis() > 0 ? now.stopMillis() : now.takenMillis();
        final double seconds = sinceStart ? Math.max(1, end - now.startMillis()) / 1000.0 :
            (now.takenNanos() - previous.takenNanos()) / 1e9;
        final double[] rates = new double[names.length];
        for (int i = 0; i < names.length; i++)
        {
            final long before = sinceStart ? 0 : Math.max(0, previous.value(names[i]));
            rates[i] = Math.max(0, values[i] - before) / seconds;
        }
        final Map<String, Double> equity = new LinkedHashMap<>();
        for (final Entry e : byName.getOrDefault("horizon_equity_usd", List.of()))
        {
            equity.put(e.tag("account"), e.value / 1_000_000.0);
        }
        long open = 0;
        for (final Entry e : byName.getOrDefault("horizon_positions_open", List.of()))
        {
            open += e.value;
        }
        return new Orders(values[0], values[1], values[2], values[3], Math.max(0, single(byName, "horizon_orders_live")),
            rates, seconds, sinceStart, equity, open);
    }

    private static List<Latency> latency(final CountersSnapshot now)
    {
        final Map<String, long[]> series = new LinkedHashMap<>();
        for (final CountersSnapshot.Counter c : now.published())
        {
            final Entry e = Entry.of(c);
            if (e == null || e.tag("stat") == null)
            {
                continue;
            }
            final int index = LatencyPublisher.STATS.indexOf(e.tag("stat"));
            if (index >= 0)
            {
                series.computeIfAbsent(e.withoutTag("stat"), k -> new long[LatencyPublisher.STATS.size()])[index] = c.value();
            }
        }
        final List<Latency> rows = new ArrayList<>();
        for (final Map.Entry<String, long[]> s : series.entrySet())
        {
            final long[] v = s.getValue();
            rows.add(new Latency(s.getKey(), shortName(s.getKey()), v[0], v[1], v[2], v[3], v[4]));
        }
        // The order latency is the headline: first.
        rows.sort((a, b) -> Boolean.compare(!a.series.startsWith("horizon_order_latency"), !b.series.startsWith("horizon_order_latency")));
        return List.copyOf(rows);
    }

    static String shortName(final String series)
    {
        final CounterLabel label;
        try
        {
            label = CounterLabel.parse(series);
        }
        catch (final IllegalArgumentException ex)
        {
            return series;
        }
        String name = label.name();
        name = name.startsWith("horizon_") ? name.substring("horizon_".length()) : name;
        name = name.endsWith("_latency_seconds") ? name.substring(0, name.length() - "_latency_seconds".length()) : name;
        final StringBuilder values = new StringBuilder();
        for (final Tag t : label.tags())
        {
            values.append(values.length() == 0 ? "" : "/").append(t.getValue());
        }
        switch (name)
        {
            case "order":
                return "order to ack " + values;
            case "stage":
                return values.toString().replace('_', ' ');
            case "venue_round_trip":
                // A FIX venue's own round trip: command handed to Artio to the venue's first answer.
                return "round trip " + values;
            default:
                return (name + (values.length() == 0 ? "" : " " + values)).replace('_', ' ');
        }
    }

    private static List<Feed> feeds(final Map<String, List<Entry>> byName)
    {
        final List<Feed> feeds = new ArrayList<>();
        for (final Entry e : byName.getOrDefault("horizon_feed_status", List.of()))
        {
            final String feed = e.tag("feed");
            final FeedStatus status = FeedStatus.fromCode((int)e.value);
            feeds.add(new Feed(feed, status == null ? "code " + e.value : status.name().toLowerCase(),
                tagged(byName, "horizon_feed_heartbeat_age_seconds", "feed", feed),
                tagged(byName, "horizon_feed_gaps_total", "feed", feed)));
        }
        return List.copyOf(feeds);
    }

    private static List<Venue> venues(final Map<String, List<Entry>> byName, final long takenMillis)
    {
        final List<Venue> venues = new ArrayList<>();
        for (final Entry e : byName.getOrDefault(VenueSessionState.COUNTER, List.of()))
        {
            final String venue = e.tag("venue");
            final VenueSessionState state = VenueSessionState.fromCode(e.value);
            final FixSession fix = fixSession(byName, venue, state, takenMillis);
            final String session = state == null ? "code " + e.value :
                state == VenueSessionState.CONNECTING && fix != null && tagged(byName, "horizon_venue_logons_total", "venue", venue) > 0 ?
                    "reconnecting" : state.name().toLowerCase().replace('_', ' ');
            venues.add(new Venue(venue, session,
                sum(byName, "horizon_orders_submitted_total", "venue", venue),
                sum(byName, "horizon_fills_total", "venue", venue),
                sum(byName, "horizon_order_rejects_total", "venue", venue), fix));
        }
        return List.copyOf(venues);
    }

    /**
     * @return the FIX session's figures, or {@code null} when the venue publishes none (paper).
     */
    private static FixSession fixSession(final Map<String, List<Entry>> byName, final String venue,
        final VenueSessionState state, final long takenMillis)
    {
        final long in = tagged(byName, "horizon_venue_messages_in_total", "venue", venue);
        final long out = tagged(byName, "horizon_venue_messages_out_total", "venue", venue);
        if (in < 0 && out < 0)
        {
            return null;
        }
        final long sinceNanos = tagged(byName, "horizon_venue_session_state_age_seconds", "venue", venue);
        final long sinceMillis = sinceNanos > 0 ? sinceNanos / 1_000_000L : -1;
        return new FixSession(in, out,
            tagged(byName, "horizon_venue_held_commands", "venue", venue),
            tagged(byName, "horizon_venue_deferred_commands", "venue", venue),
            tagged(byName, "horizon_venue_disconnects_total", "venue", venue),
            tagged(byName, "horizon_venue_slow_consumer_disconnects_total", "venue", venue),
            state == VenueSessionState.LOGGED_ON, sinceMillis, sinceMillis < 0 ? -1 : Math.max(0, takenMillis - sinceMillis),
            dropReasons(byName, venue), tagged(byName, "horizon_venue_invalid_messages_total", "venue", venue));
    }

    private static List<DropReason> dropReasons(final Map<String, List<Entry>> byName, final String venue)
    {
        final List<DropReason> reasons = new ArrayList<>();
        for (final Entry e : byName.getOrDefault("horizon_venue_disconnect_reasons_total", List.of()))
        {
            if (e.value > 0 && venue != null && venue.equals(e.tag("venue")))
            {
                reasons.add(new DropReason(e.tag("reason"), e.value));
            }
        }
        reasons.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.reason().compareTo(b.reason()));
        return List.copyOf(reasons);
    }

    private static List<Reject> rejects(final Map<String, List<Entry>> byName)
    {
        final List<Reject> rejects = new ArrayList<>();
        for (final Entry e : byName.getOrDefault("horizon_engine_order_rejects_total", List.of()))
        {
            if (e.value > 0 && e.typeId >= EngineCounters.TYPE_REJECT_BASE)
            {
                rejects.add(new Reject(e.tag("layer"), e.tag("reason"), e.value));
            }
        }
        rejects.sort((a, b) -> Long.compare(b.count, a.count));
        return List.copyOf(rejects);
    }

    private static Stores stores(final Map<String, List<Entry>> byName)
    {
        return new Stores(
            single(byName, "horizon_audit_events_total"),
            single(byName, "horizon_audit_flush_lag_records"),
            single(byName, "horizon_audit_flush_faults_total"),
            single(byName, "horizon_dlq_flush_lag_records"),
            single(byName, "horizon_dlq_flush_faults_total"),
            single(byName, "horizon_dlq_depth"));
    }

    private static long single(final Map<String, List<Entry>> byName, final String name)
    {
        final List<Entry> entries = byName.get(name);
        return entries == null || entries.isEmpty() ? -1 : entries.get(0).value;
    }

    private static long tagged(final Map<String, List<Entry>> byName, final String name, final String key, final String value)
    {
        for (final Entry e : byName.getOrDefault(name, List.of()))
        {
            if (value != null && value.equals(e.tag(key)))
            {
                return e.value;
            }
        }
        return -1;
    }

    private static long sum(final Map<String, List<Entry>> byName, final String name, final String key, final String value)
    {
        long sum = 0;
        for (final Entry e : byName.getOrDefault(name, List.of()))
        {
            if (value != null && value.equals(e.tag(key)))
            {
                sum += e.value;
            }
        }
        return sum;
    }

    /**
     * A counter with its label parsed.
     */
    private static final class Entry
    {
        final String name;
        final List<Tag> tags;
        final int typeId;
        final long value;

        private Entry(final String name, final List<Tag> tags, final int typeId, final long value)
        {
            this.name = name;
            this.tags = tags;
            this.typeId = typeId;
            this.value = value;
        }

        static Entry of(final CountersSnapshot.Counter c)
        {
            try
            {
                final CounterLabel label = CounterLabel.parse(c.label());
                return new Entry(label.name(), label.tags(), c.typeId(), c.value());
            }
            catch (final IllegalArgumentException ex)
            {
                // A label stat cannot parse is still in --all; the panels skip it.
                return null;
            }
        }

        String tag(final String key)
        {
            for (final Tag t : tags)
            {
                if (t.getKey().equals(key))
                {
                    return t.getValue();
                }
            }
            return null;
        }

        String withoutTag(final String key)
        {
            final StringBuilder sb = new StringBuilder(name);
            boolean first = true;
            for (final Tag t : tags)
            {
                if (!t.getKey().equals(key))
                {
                    sb.append(first ? "{" : ",").append(t.getKey()).append("=\"").append(EngineCounters.labelValue(t.getValue())).append('"');
                    first = false;
                }
            }
            return first ? sb.toString() : sb.append('}').toString();
        }
    }
}
