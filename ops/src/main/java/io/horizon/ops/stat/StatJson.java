package io.horizon.ops.stat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.horizon.ops.counters.CountersSnapshot;
import io.horizon.ops.counters.RecentAlerts;

/**
 * {@code horizon stat --json}: one snapshot as one JSON object, the same figures as the screen
 * ({@link StatView}) plus every counter by label, for scripts. Latencies are in nanoseconds,
 * rates per second, times ISO-8601 UTC.
 * <p>
 * Stateless; any thread.
 */
public final class StatJson
{
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String[] RATE_NAMES = {"received", "submitted", "filled", "rejected"};

    private StatJson()
    {
    }

    /**
     * @param view     what the screen shows.
     * @param snapshot the reading it came from, for the {@code counters} object.
     * @return the JSON text, one line.
     */
    public static String write(final StatView view, final CountersSnapshot snapshot)
    {
        final StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out))
        {
            g.writeStartObject();
            g.writeStringField("state_directory", view.stateDirectory().toString());
            daemon(g, view.daemon());
            orders(g, view.orders());
            g.writeArrayFieldStart("latency");
            for (final StatView.Latency l : view.latency())
            {
                g.writeStartObject();
                g.writeStringField("series", l.series());
                g.writeNumberField("count", l.count());
                g.writeNumberField("p50_nanos", l.p50());
                g.writeNumberField("p99_nanos", l.p99());
                g.writeNumberField("p999_nanos", l.p999());
                g.writeNumberField("max_nanos", l.max());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("feeds");
            for (final StatView.Feed f : view.feeds())
            {
                g.writeStartObject();
                g.writeStringField("feed", f.feed());
                g.writeStringField("status", f.status());
                g.writeNumberField("heartbeat_age_millis", f.heartbeatAgeMillis());
                g.writeNumberField("gaps", f.gaps());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("venues");
            for (final StatView.Venue v : view.venues())
            {
                g.writeStartObject();
                g.writeStringField("venue", v.venue());
                g.writeStringField("session", v.session());
                g.writeNumberField("submitted", v.submitted());
                g.writeNumberField("fills", v.fills());
                g.writeNumberField("rejects", v.rejects());
                final StatView.FixSession f = v.fix();
                if (f != null)
                {
                    g.writeObjectFieldStart("fix");
                    g.writeNumberField("messages_in", f.messagesIn());
                    g.writeNumberField("messages_out", f.messagesOut());
                    g.writeNumberField("held", f.held());
                    g.writeNumberField("deferred", f.deferred());
                    g.writeNumberField("drops", f.drops());
                    g.writeNumberField("slow_consumer_drops", f.slowConsumerDrops());
                    g.writeBooleanField("logged_on", f.loggedOn());
                    if (f.sinceMillis() >= 0)
                    {
                        g.writeStringField("since", Instant.ofEpochMilli(f.sinceMillis()).toString());
                    }
                    g.writeNumberField("for_millis", f.forMillis());
                    g.writeObjectFieldStart("drop_reasons");
                    for (final StatView.DropReason reason : f.dropReasons())
                    {
                        g.writeNumberField(reason.reason(), reason.count());
                    }
                    g.writeEndObject();
                    g.writeNumberField("invalid_messages", f.invalidMessages());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rejects");
            for (final StatView.Reject r : view.rejects())
            {
                g.writeStartObject();
                g.writeStringField("layer", r.layer());
                g.writeStringField("reason", r.reason());
                g.writeNumberField("count", r.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            final StatView.Stores s = view.stores();
            g.writeObjectFieldStart("stores");
            g.writeNumberField("audit_events", s.auditEvents());
            g.writeNumberField("audit_lag_records", s.auditLagRecords());
            g.writeNumberField("audit_faults", s.auditFaults());
            g.writeNumberField("dlq_lag_records", s.dlqLagRecords());
            g.writeNumberField("dlq_faults", s.dlqFaults());
            g.writeNumberField("dlq_depth", s.dlqDepth());
            g.writeEndObject();
            g.writeArrayFieldStart("alerts");
            for (final RecentAlerts.Alert a : view.alerts())
            {
                g.writeStartObject();
                g.writeStringField("time", Instant.ofEpochMilli(a.epochMillis()).toString());
                g.writeStringField("severity", a.severity());
                g.writeStringField("title", a.title());
                g.writeStringField("message", a.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("counters");
            for (final CountersSnapshot.Counter c : snapshot.counters())
            {
                g.writeNumberField(c.label(), c.value());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("writing JSON to a string failed", ex);
        }
        return out.toString();
    }

    private static void daemon(final JsonGenerator g, final StatView.Daemon d) throws IOException
    {
        g.writeObjectFieldStart("daemon");
        g.writeNumberField("pid", d.pid());
        g.writeBooleanField("running", d.running());
        g.writeStringField("phase", d.phase());
        g.writeBooleanField("ready", d.ready());
        g.writeStringField("started", Instant.ofEpochMilli(d.startMillis()).toString());
        if (d.stopMillis() > 0)
        {
            g.writeStringField("stopped", Instant.ofEpochMilli(d.stopMillis()).toString());
        }
        if (d.upMillis() >= 0)
        {
            g.writeNumberField("uptime_seconds", d.upMillis() / 1000.0);
        }
        g.writeStringField("threading", d.threading());
        g.writeStringField("wait_strategy", d.waitStrategy());
        g.writeStringField("kill_switch", d.killSwitchEngaged() ? "engaged" : "armed");
        g.writeStringField("read_at", Instant.ofEpochMilli(d.takenMillis()).toString());
        g.writeEndObject();
    }

    private static void orders(final JsonGenerator g, final StatView.Orders o) throws IOException
    {
        g.writeObjectFieldStart("orders");
        g.writeNumberField("received", o.received());
        g.writeNumberField("submitted", o.submitted());
        g.writeNumberField("filled", o.filled());
        g.writeNumberField("rejected", o.rejected());
        g.writeNumberField("live", o.live());
        g.writeObjectFieldStart("per_second");
        for (int i = 0; i < RATE_NAMES.length; i++)
        {
            g.writeNumberField(RATE_NAMES[i], Math.round(o.rates()[i] * 100) / 100.0);
        }
        g.writeEndObject();
        g.writeStringField("rate_window", o.sinceStart() ? "since_start" : "last_reading");
        g.writeNumberField("rate_window_seconds", Math.round(o.rateSeconds() * 1000) / 1000.0);
        g.writeObjectFieldStart("equity_usd");
        for (final Map.Entry<String, Double> e : o.equity().entrySet())
        {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("open_positions", o.openPositions());
        g.writeEndObject();
    }
}
