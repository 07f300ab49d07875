package io.horizon.ops.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Tag;

/**
 * A counter label in the Prometheus text form the engine uses ({@code name{key="value",...}}),
 * split into the metric name and its tags.
 * <p>
 * Immutable; any thread.
 *
 * @param name the metric name, e.g. {@code horizon_orders_submitted_total}.
 * @param tags the labels, in the order written.
 */
public record CounterLabel(String name, List<Tag> tags)
{
    /**
     * Parses a label. Values may hold escaped {@code \\}, {@code \"} and {@code \n}.
     *
     * @param label for example {@code horizon_ring_drops_total{kind="market_data"}}.
     * @return the name and tags.
     * @throws IllegalArgumentException when the label is not in that form.
     */
    public static CounterLabel parse(final String label)
    {
        final int brace = label.indexOf('{');
        if (brace < 0)
        {
            return new CounterLabel(checkName(label, label), List.of());
        }
        if (!label.endsWith("}"))
        {
            throw new IllegalArgumentException("counter label '" + label + "' opens '{' but does not end with '}'");
        }
        final String name = checkName(label.substring(0, brace), label);
        final List<Tag> tags = new ArrayList<>();
        int i = brace + 1;
        final int end = label.length() - 1;
        while (i < end)
        {
            final int eq = label.indexOf('=', i);
            if (eq < 0 || eq + 1 >= end || label.charAt(eq + 1) != '"')
            {
                throw new IllegalArgumentException("counter label '" + label + "' has a label without =\"value\"");
            }
            final String key = label.substring(i, eq).trim();
            final StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < end && label.charAt(j) != '"')
            {
                char c = label.charAt(j);
                if (c == '\\' && j + 1 < end)
                {
                    final char next = label.charAt(++j);
                    c = next == 'n' ? '\n' : next;
                }
                value.append(c);
                j++;
            }
            if (j >= end)
            {
                throw new IllegalArgumentException("counter label '" + label + "' has an unterminated value for '" + key + "'");
            }
            tags.add(Tag.of(key, value.toString()));
            i = j + 1;
            if (i < end && label.charAt(i) == ',')
            {
                i++;
            }
        }
        return new CounterLabel(name, List.copyOf(tags));
    }

    private static String checkName(final String name, final String label)
    {
        if (name.isEmpty() || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"))
        {
            throw new IllegalArgumentException("counter label '" + label + "' does not start with a Prometheus metric name");
        }
        return name;
    }
}
