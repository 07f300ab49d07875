package io.horizon.ops.stat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.horizon.ops.counters.RecentAlerts;
import io.horizon.ops.stat.ScreenLine.Style;

/**
 * Lays a {@link StatView} out as the {@code horizon stat} screen: a two-line header, then the
 * panels in a fixed order (orders, latency, feeds, venues, risk, stores, alerts), made for
 * 80 x 24. On a smaller terminal it keeps the header and as many whole panels as fit, in that
 * order, and says on the last line which panels it had to leave out; lines are cut at the width,
 * never wrapped.
 * <p>
 * Stateless; any thread.
 */
public final class StatScreen
{
    /** Width the screen is laid out for. */
    public static final int WIDTH = 80;
    /** Height the screen is laid out for. */
    public static final int HEIGHT = 24;
    /** Alerts shown. */
    public static final int ALERTS_SHOWN = 3;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String INDENT = "          ";

    private StatScreen()
    {
    }

    /**
     * One panel: its name and its lines.
     */
    record Panel(String name, List<ScreenLine> lines)
    {
    }

    /**
     * Lays the view out for a terminal of this size.
     *
     * @param view   what to show.
     * @param width  columns; lines are cut to it.
     * @param height rows; {@link Integer#MAX_VALUE} for everything (one snapshot for a script).
     * @return at most {@code height} lines, none longer than {@code width}.
     */
    public static List<ScreenLine> render(final StatView view, final int width, final int height)
    {
        final List<ScreenLine> lines = new ArrayList<>();
        if (width < 1 || height < 1)
        {
            return lines;
        }
        lines.addAll(header(view));
        final List<Panel> panels = panels(view);
        int shown = 0;
        for (final Panel p : panels)
        {
            final boolean last = shown == panels.size() - 1;
            // Keep a line for the note about hidden panels unless this is the last panel.
            final int room = height - lines.size() - (last ? 0 : 1);
            if (p.lines().size() > room)
            {
                break;
            }
            lines.addAll(p.lines());
            shown++;
        }
        if (shown < panels.size() && lines.size() < height)
        {
            final StringBuilder hidden = new StringBuilder();
            for (int i = shown; i < panels.size(); i++)
            {
                hidden.append(i == shown ? "" : ", ").append(panels.get(i).name());
            }
            lines.add(new ScreenLine().add("(" + hidden + " hidden: enlarge the terminal, or use --once)", Style.DIM));
        }
        final List<ScreenLine> fitted = new ArrayList<>();
        for (int i = 0; i < Math.min(height, lines.size()); i++)
        {
            fitted.add(cut(lines.get(i), width));
        }
        return fitted;
    }

    /**
     * @return the screen as plain text, one line each, for {@code --once} and pipes.
     */
    public static String plain(final List<ScreenLine> lines)
    {
        final StringBuilder sb = new StringBuilder();
        for (final ScreenLine line : lines)
        {
            sb.append(line.text().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static List<ScreenLine> header(final StatView view)
    {
        final StatView.Daemon d = view.daemon();
        final ScreenLine first = new ScreenLine().add("Horizon ", Style.TITLE);
        if (d.running())
        {
            first.add(d.phase().toUpperCase(Locale.ROOT), d.ready() ? Style.OK : Style.WARN);
        }
        else
        {
            first.add("STOPPED", Style.ALERT);
        }
        first.add("  pid " + d.pid());
        if (d.running())
        {
            first.add("  up " + duration(d.upMillis()));
        }
        else if (d.stopMillis() > 0)
        {
            first.add("  at " + CLOCK.format(Instant.ofEpochMilli(d.stopMillis())) + " after " + duration(d.upMillis()));
        }
        else
        {
            first.add("  gone without a clean stop", Style.WARN);
        }
        first.add("  ");
        if (d.running())
        {
            first.add(d.ready() ? "ready" : "not ready", d.ready() ? Style.OK : Style.WARN);
            first.add("  ");
        }
        if (d.killSwitchEngaged())
        {
            first.add("KILL SWITCH ENGAGED", Style.ALERT);
        }
        else
        {
            first.add("kill switch armed");
        }
        if (d.running())
        {
            first.add("  " + CLOCK.format(Instant.ofEpochMilli(d.takenMillis())), Style.DIM);
        }
        final ScreenLine second = new ScreenLine();
        if (!d.running())
        {
            second.add("last values  ", Style.WARN);
        }
        second.add("threading " + orUnknown(d.threading()) + ", wait " + orUnknown(d.waitStrategy()) +
            "  state " + view.stateDirectory(), Style.DIM);
        return List.of(first, second);
    }

    private static List<Panel> panels(final StatView view)
    {
        return List.of(
            orders(view.orders()),
            latency(view.latency()),
            feeds(view.feeds()),
            venues(view.venues()),
            risk(view.rejects()),
            stores(view.stores()),
            alerts(view.alerts()));
    }

    private static Panel orders(final StatView.Orders o)
    {
        final List<ScreenLine> lines = new ArrayList<>();
        lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-10s%12s%12s%12s%12s%10s",
            "ORDERS", "received", "submitted", "filled", "rejected", "live"), Style.TITLE));
        lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-10s%12d%12d%12d", "  total", o.received(), o.submitted(), o.filled()))
            .add(String.format(Locale.ROOT, "%12d", o.rejected()), o.rejected() > 0 && o.rejected() * 2 > o.received() ? Style.WARN : Style.PLAIN)
            .add(String.format(Locale.ROOT, "%10d", o.live())));
        final double[] r = o.rates();
        lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-10s%12.1f%12.1f%12.1f%12.1f", "  per s", r[0], r[1], r[2], r[3]))
            .add(o.sinceStart() ? "  since start" : String.format(Locale.ROOT, "  last %.1fs", o.rateSeconds()), Style.DIM));
        final StringBuilder equity = new StringBuilder(o.equity().isEmpty() ? "" : "  equity");
        for (final Map.Entry<String, Double> e : o.equity().entrySet())
        {
            equity.append(String.format(Locale.ROOT, "  %s %.2f USD", e.getKey(), e.getValue()));
        }
        lines.add(new ScreenLine().add((equity.length() == 0 ? "  " : equity + "   ") + "open positions " + o.openPositions()));
        return new Panel("orders", lines);
    }

    private static Panel latency(final List<StatView.Latency> rows)
    {
        final List<ScreenLine> lines = new ArrayList<>();
        lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-26s%8s%11s%11s%11s%11s",
            "LATENCY last 1s", "count", "p50", "p99", "p99.9", "max"), Style.TITLE));
        if (rows.isEmpty())
        {
            lines.add(new ScreenLine().add(INDENT + "not published yet", Style.DIM));
        }
        for (final StatView.Latency l : rows)
        {
            final String name = "  " + l.name();
            lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-26s%8d%11s%11s%11s%11s",
                name.length() > 26 ? name.substring(0, 26) : name, l.count(),
                nanos(l.count(), l.p50()), nanos(l.count(), l.p99()), nanos(l.count(), l.p999()), nanos(l.count(), l.max()))));
        }
        return new Panel("latency", lines);
    }

    private static Panel feeds(final List<StatView.Feed> feeds)
    {
        final List<ScreenLine> lines = new ArrayList<>();
        if (feeds.isEmpty())
        {
            lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-10s", "FEEDS"), Style.TITLE).add("none reported yet", Style.DIM));
        }
        for (int i = 0; i < feeds.size(); i++)
        {
            final StatView.Feed f = feeds.get(i);
            final Style style = "healthy".equals(f.status()) ? Style.OK : "degraded".equals(f.status()) ? Style.WARN : Style.ALERT;
            lines.add(new ScreenLine()
                .add(i == 0 ? String.format(Locale.ROOT, "%-10s", "FEEDS") : INDENT, Style.TITLE)
                .add(String.format(Locale.ROOT, "feed %-6s", f.feed()))
                .add(String.format(Locale.ROOT, "%-13s", f.status()), style)
                .add(String.format(Locale.ROOT, "heartbeat %s ago   gaps %s",
                    f.heartbeatAgeMillis() < 0 ? "?" : String.format(Locale.ROOT, "%.1fs", f.heartbeatAgeMillis() / 1000.0), count(f.gaps()))));
        }
        return new Panel("feeds", lines);
    }

    private static Panel venues(final List<StatView.Venue> venues)
    {
        final List<ScreenLine> lines = new ArrayList<>();
        if (venues.isEmpty())
        {
            lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-10s", "VENUES"), Style.TITLE).add("none reported yet", Style.DIM));
        }
        for (int i = 0; i < venues.size(); i++)
        {
            final StatView.Venue v = venues.get(i);
            final Style style = "down".equals(v.session()) ? Style.ALERT :
                "connecting".equals(v.session()) || "reconnecting".equals(v.session()) ? Style.WARN : Style.OK;
            lines.add(new ScreenLine()
                .add(i == 0 ? String.format(Locale.ROOT, "%-10s", "VENUES") : INDENT, Style.TITLE)
                .add(String.format(Locale.ROOT, "%-11s", v.venue()))
                .add(String.format(Locale.ROOT, "%-13s", v.session()), style)
                .add(String.format(Locale.ROOT, "submitted %d   fills %d   rejects %d", v.submitted(), v.fills(), v.rejects())));
            if (v.fix() != null)
            {
                lines.addAll(fixSession(v.fix()));
            }
        }
        return new Panel("venues", lines);
    }

    /**
     * A FIX venue's lines below its row: messages, held and deferred commands, how long it has been
     * up or down, its drops and the invalid messages the venue sent; the drops by Artio's reason; and,
     * after a drop by Artio as SLOW_CONSUMER, a line saying so.
     */
    private static List<ScreenLine> fixSession(final StatView.FixSession f)
    {
        final ScreenLine line = new ScreenLine().add(INDENT)
            .add(String.format(Locale.ROOT, "msgs in %s out %s  held ", count(f.messagesIn()), count(f.messagesOut())))
            .add(count(f.held()), f.held() > 0 ? Style.WARN : Style.PLAIN)
            .add("  deferred ")
            .add(count(f.deferred()), f.deferred() > 0 ? Style.WARN : Style.PLAIN);
        if (f.forMillis() >= 0)
        {
            line.add("  ").add((f.loggedOn() ? "up " : "down ") + duration(f.forMillis()), f.loggedOn() ? Style.PLAIN : Style.ALERT);
        }
        if (f.drops() > 0)
        {
            line.add("  drops " + f.drops());
        }
        if (f.invalidMessages() > 0)
        {
            line.add("  invalid msgs " + count(f.invalidMessages()), Style.WARN);
        }
        final List<ScreenLine> lines = new ArrayList<>();
        lines.add(line);
        if (!f.dropReasons().isEmpty())
        {
            final StringBuilder reasons = new StringBuilder("drops by reason:");
            for (final StatView.DropReason reason : f.dropReasons())
            {
                reasons.append(' ').append(reason.reason()).append(' ').append(reason.count());
            }
            lines.add(new ScreenLine().add(INDENT).add(reasons.toString()));
        }
        if (f.slowConsumerDrops() > 0)
        {
            lines.add(new ScreenLine().add(INDENT)
                .add("SLOW_CONSUMER drops " + f.slowConsumerDrops() + ": see runbook venue-disconnect", Style.WARN));
        }
        return List.copyOf(lines);
    }

    private static Panel risk(final List<StatView.Reject> rejects)
    {
        final ScreenLine line = new ScreenLine().add(String.format(Locale.ROOT, "%-10s", "RISK"), Style.TITLE);
        if (rejects.isEmpty())
        {
            line.add("no rejects", Style.OK);
            return new Panel("risk", List.of(line));
        }
        line.add("rejects ");
        final List<ScreenLine> lines = new ArrayList<>();
        lines.add(line);
        ScreenLine current = line;
        int used = INDENT.length() + "rejects ".length();
        for (int i = 0; i < rejects.size(); i++)
        {
            final StatView.Reject r = rejects.get(i);
            final String item = (r.layer().equals(r.reason()) ? r.layer() : r.layer() + "/" + r.reason()) + " " + r.count() +
                (i < rejects.size() - 1 ? ",  " : "");
            if (used + item.length() > WIDTH && used > INDENT.length() + "rejects ".length())
            {
                current = new ScreenLine().add(INDENT + "        ");
                lines.add(current);
                used = INDENT.length() + "        ".length();
            }
            current.add(item, "kill_switch".equals(r.layer()) ? Style.ALERT : Style.PLAIN);
            used += item.length();
        }
        return new Panel("risk", lines);
    }

    private static Panel stores(final StatView.Stores s)
    {
        final ScreenLine audit = new ScreenLine().add(String.format(Locale.ROOT, "%-10s", "STORES"), Style.TITLE)
            .add("audit  lag " + count(s.auditLagRecords()) + " records   faults ")
            .add(count(s.auditFaults()), s.auditFaults() > 0 ? Style.WARN : Style.PLAIN)
            .add("   events " + count(s.auditEvents()));
        final ScreenLine dlq = new ScreenLine().add(INDENT)
            .add("dlq    lag " + count(s.dlqLagRecords()) + " records   faults ")
            .add(count(s.dlqFaults()), s.dlqFaults() > 0 ? Style.WARN : Style.PLAIN)
            .add("   depth ")
            .add(count(s.dlqDepth()), s.dlqDepth() > 0 ? Style.WARN : Style.PLAIN);
        return new Panel("stores", List.of(audit, dlq));
    }

    private static Panel alerts(final List<RecentAlerts.Alert> alerts)
    {
        final List<ScreenLine> lines = new ArrayList<>();
        if (alerts.isEmpty())
        {
            lines.add(new ScreenLine().add(String.format(Locale.ROOT, "%-10s", "ALERTS"), Style.TITLE).add("none since start", Style.DIM));
        }
        for (int i = 0; i < Math.min(ALERTS_SHOWN, alerts.size()); i++)
        {
            final RecentAlerts.Alert a = alerts.get(i);
            final Style style = "critical".equals(a.severity()) || "error".equals(a.severity()) ? Style.ALERT :
                "warning".equals(a.severity()) ? Style.WARN : Style.PLAIN;
            lines.add(new ScreenLine()
                .add(i == 0 ? String.format(Locale.ROOT, "%-10s", "ALERTS") : INDENT, Style.TITLE)
                .add(CLOCK.format(Instant.ofEpochMilli(a.epochMillis())) + " ")
                .add(a.severity(), style)
                .add(" " + a.title() + (a.message().isEmpty() ? "" : ": " + a.message())));
        }
        return new Panel("alerts", lines);
    }

    private static ScreenLine cut(final ScreenLine line, final int width)
    {
        final ScreenLine cut = new ScreenLine();
        int left = width;
        for (final ScreenLine.Span s : line.spans())
        {
            if (left <= 0)
            {
                break;
            }
            final String text = s.text().length() > left ? s.text().substring(0, left) : s.text();
            cut.add(text, s.style());
            left -= text.length();
        }
        return cut;
    }

    /**
     * A counter the daemon did not publish (-1) is shown as "-", never as a number.
     */
    private static String count(final long value)
    {
        return value < 0 ? "-" : Long.toString(value);
    }

    private static String orUnknown(final String s)
    {
        return s == null ? "?" : s;
    }

    static String duration(final long millis)
    {
        if (millis < 0)
        {
            return "?";
        }
        final long s = millis / 1000;
        return s >= 86_400 ? String.format(Locale.ROOT, "%dd%02dh%02dm", s / 86_400, s / 3600 % 24, s / 60 % 60) :
            String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
    }

    static String nanos(final long count, final long nanos)
    {
        if (count == 0)
        {
            return "-";
        }
        if (nanos < 1_000)
        {
            return nanos + "ns";
        }
        if (nanos < 1_000_000)
        {
            return String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
        }
        if (nanos < 1_000_000_000)
        {
            return String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}
