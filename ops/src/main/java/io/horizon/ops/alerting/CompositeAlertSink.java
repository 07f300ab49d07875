package io.horizon.ops.alerting;

import java.util.List;
import java.util.Map;

/**
 * Sends each alert to every member sink, each applying its own minimum severity, with an overall
 * minimum in front. A member that misbehaves cannot stop the others.
 * <p>
 * Immutable; any thread; never throws.
 */
public final class CompositeAlertSink implements AlertSink
{
    private final Severity minimum;
    private final List<AlertSink> sinks;

    /**
     * @param minimum lowest severity passed on at all.
     * @param sinks   the members.
     */
    public CompositeAlertSink(final Severity minimum, final List<AlertSink> sinks)
    {
        this.minimum = minimum;
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void send(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        if (severity == null || !severity.atLeast(minimum))
        {
            return;
        }
        for (final AlertSink sink : sinks)
        {
            try
            {
                sink.send(severity, title, message, extra);
            }
            catch (final RuntimeException ignore)
            {
                // Sinks do not throw by contract; a broken one must still not silence the rest.
            }
        }
    }
}
