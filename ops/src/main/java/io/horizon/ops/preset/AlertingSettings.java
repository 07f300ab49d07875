package io.horizon.ops.preset;

import java.util.List;

/**
 * The preset's {@code [alerting]} table.
 *
 * @param sinks where alerts go, in file order; a preset with none logs alerts only.
 */
public record AlertingSettings(List<AlertSinkSettings> sinks)
{
    /**
     * @param sinks copied.
     */
    public AlertingSettings
    {
        sinks = List.copyOf(sinks);
    }
}
