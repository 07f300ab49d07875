package io.horizon.ops.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A systemd unit file read the way systemd reads it: sections, directives in order
 * (continuation lines joined, a directive may repeat), and comments kept apart so that checks
 * can ask what the unit says about a directive it leaves out.
 * <p>
 * Immutable; any thread.
 */
final class SystemdUnit
{
    private final List<Directive> directives;
    private final String comments;

    /**
     * One assignment.
     *
     * @param section the section, e.g. {@code Service}.
     * @param key     the directive, e.g. {@code SystemCallFilter}.
     * @param value   the value as written, continuation lines joined with spaces.
     */
    record Directive(String section, String key, String value)
    {
    }

    private SystemdUnit(final List<Directive> directives, final String comments)
    {
        this.directives = directives;
        this.comments = comments;
    }

    /**
     * @param text the unit file.
     * @return it, parsed.
     */
    static SystemdUnit parse(final String text)
    {
        final List<Directive> directives = new ArrayList<>();
        final StringBuilder comments = new StringBuilder();
        String section = "";
        final StringBuilder pending = new StringBuilder();
        for (final String rawLine : text.split("\n", -1))
        {
            final String line = rawLine.strip();
            if (pending.length() == 0)
            {
                if (line.startsWith("#") || line.startsWith(";"))
                {
                    comments.append(line.substring(1)).append('\n');
                    continue;
                }
                if (line.isEmpty())
                {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]"))
                {
                    section = line.substring(1, line.length() - 1);
                    continue;
                }
            }
            else if (line.startsWith("#") || line.startsWith(";"))
            {
                // systemd skips comment lines inside a continued value.
                comments.append(line.substring(1)).append('\n');
                continue;
            }
            if (line.endsWith("\\"))
            {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            final String joined = pending.toString();
            pending.setLength(0);
            final int eq = joined.indexOf('=');
            if (eq < 0)
            {
                throw new IllegalArgumentException("not a directive: " + joined);
            }
            directives.add(new Directive(section, joined.substring(0, eq).strip(), joined.substring(eq + 1).strip()));
        }
        return new SystemdUnit(List.copyOf(directives), comments.toString());
    }

    /**
     * @param key a directive.
     * @return every value assigned to it, in order.
     */
    List<String> values(final String key)
    {
        final List<String> values = new ArrayList<>();
        for (final Directive d : directives)
        {
            if (d.key().equals(key))
            {
                values.add(d.value());
            }
        }
        return values;
    }

    /**
     * @param key a directive assigned once.
     * @return its value, or null when absent.
     */
    String value(final String key)
    {
        final List<String> values = values(key);
        if (values.size() > 1)
        {
            throw new IllegalStateException(key + " is assigned " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * @return the words of ExecStart.
     */
    List<String> execStart()
    {
        return Arrays.asList(value("ExecStart").strip().split("\\s+"));
    }

    /**
     * @return every comment line, without the leading {@code #}.
     */
    String comments()
    {
        return comments;
    }
}
