package io.horizon.ops.stat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.ops.counters.CountersSnapshot;

/**
 * {@code horizon stat --all}: every counter, name and value a line, like {@code aeron-stat}: the
 * long list behind the panels, for grep and for the counters no panel shows.
 * <p>
 * Stateless; any thread.
 */
public final class FlatList
{
    private FlatList()
    {
    }

    /**
     * @return one reading as {@code # horizon STATUS, pid P, started T, state DIR}, then
     *         {@code label value} lines, then the published latency counters.
     */
    public static String once(final Path dir, final CountersSnapshot s)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# horizon ").append(status(s)).append(", pid ").append(s.pid()).append(", started ")
            .append(Instant.ofEpochMilli(s.startMillis())).append(", state ").append(dir).append('\n');
        for (final CountersSnapshot.Counter c : s.counters())
        {
            sb.append(c.label()).append(' ').append(c.value()).append('\n');
        }
        for (final CountersSnapshot.Counter c : s.published())
        {
            sb.append(c.label()).append(' ').append(c.value()).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param previous the reading before from the same daemon, or {@code null} (no rates).
     * @return a table with a rate column; zero reject counters are left out.
     */
    public static String table(final Path dir, final CountersSnapshot s, final CountersSnapshot previous)
    {
        final StringBuilder sb = new StringBuilder();
        final long upSeconds = Math.max(0, (s.takenMillis() - s.startMillis()) / 1000);
        sb.append(String.format(Locale.ROOT, "horizon %s - pid %d, up %dh%02dm%02ds, state %s%n",
            status(s), s.pid(), upSeconds / 3600, upSeconds / 60 % 60, upSeconds % 60, dir));
        sb.append(String.format(Locale.ROOT, "%-72s %16s %12s%n", "COUNTER", "VALUE", previous == null ? "" : "PER SECOND"));
        final Map<Integer, Long> before = new HashMap<>();
        if (previous != null)
        {
            for (final CountersSnapshot.Counter c : previous.counters())
            {
                before.put(c.id(), c.value());
            }
        }
        final double seconds = previous == null ? 0 : (s.takenNanos() - previous.takenNanos()) / 1e9;
        for (final CountersSnapshot.Counter c : s.counters())
        {
            // Rejects that never happened are noise on a live screen.
            if (c.typeId() >= EngineCounters.TYPE_REJECT_BASE && c.value() == 0)
            {
                continue;
            }
            final Long was = before.get(c.id());
            final String rate = was == null || seconds <= 0 || c.typeId() != EngineCounters.TYPE_PLAIN && c.typeId() < EngineCounters.TYPE_REJECT_BASE ?
                "" : String.format(Locale.ROOT, "%.1f", (c.value() - was) / seconds);
            sb.append(String.format(Locale.ROOT, "%-72s %16d %12s%n", c.label(), c.value(), rate));
        }
        return sb.toString();
    }

    private static String status(final CountersSnapshot s)
    {
        return s.running() ? "running" : "not running (last values)";
    }
}
