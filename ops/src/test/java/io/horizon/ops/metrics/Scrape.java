package io.horizon.ops.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Prometheus text scrape, for assertions: samples by name and label fragments.
 */
final class Scrape
{
    private final String text;
    private final List<String[]> samples = new ArrayList<>();

    Scrape(final String text)
    {
        this.text = text;
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int brace = line.indexOf('{');
            final int space = line.lastIndexOf(' ');
            final String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            final String labels = brace > 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            samples.add(new String[]{name, labels, line.substring(space + 1)});
        }
    }

    String text()
    {
        return text;
    }

    /**
     * @return true when a sample with this name carries every label fragment.
     */
    boolean has(final String name, final String... labels)
    {
        return find(name, labels) != null;
    }

    /**
     * @return the value of the first sample with this name and every label fragment.
     */
    double value(final String name, final String... labels)
    {
        final String[] s = find(name, labels);
        if (s == null)
        {
            throw new AssertionError("no sample " + name + " with " + String.join(",", labels) + " in scrape:\n" + text);
        }
        return Double.parseDouble(s[2]);
    }

    /**
     * @return the TYPE line's type of a metric family, or null.
     */
    String type(final String family)
    {
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# TYPE " + family + " "))
            {
                return line.substring(("# TYPE " + family + " ").length()).trim();
            }
        }
        return null;
    }

    private String[] find(final String name, final String... labels)
    {
        for (final String[] s : samples)
        {
            if (!s[0].equals(name))
            {
                continue;
            }
            boolean all = true;
            for (final String label : labels)
            {
                all &= s[1].contains(label);
            }
            if (all)
            {
                return s;
            }
        }
        return null;
    }
}
