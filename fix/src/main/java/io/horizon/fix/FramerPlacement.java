package io.horizon.fix;

import java.util.Locale;

/**
 * Where a FIX venue's Artio framer runs, the agent that reads and writes the venue's socket
 * ({@code framer} of a {@code [[venues]]} entry of kind {@code "fix"}).
 */
public enum FramerPlacement
{
    /**
     * On the thread that polls the venue (the engine thread in the shared threading mode, the
     * gateway thread in the dedicated mode), right before the library is polled
     * ({@link PolledFramerScheduler}): a message crosses no thread inside Horizon, and the stack
     * adds one thread (indexers, archiver, monitoring) to the media driver's and the archive's.
     * On 2 cores, the shorter own share at 1k orders/s (p50 and p99), but the longer tail at 10k,
     * where engine and socket share one thread's CPU (benchmarks/README.md).
     */
    POLLED,
    /**
     * On a thread of its own, with the indexers, the archiver and the monitoring agent (Artio's
     * {@code LowResourceEngineScheduler}), idling as {@code engine.wait_strategy} says: each
     * message crosses that thread and the polling thread. For a tuned host that gives the framer
     * a core to spin on ({@code wait_strategy = "busy-spin"}).
     * The default of a preset's venue: the better p99 measured on 2 cores.
     */
    THREAD;

    /**
     * @return the preset's spelling: {@code polled} or {@code thread}.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code polled} or {@code thread}.
     * @return the placement.
     * @throws IllegalArgumentException naming the value and the choices.
     */
    public static FramerPlacement parse(final String name)
    {
        for (final FramerPlacement placement : values())
        {
            if (placement.configName().equals(name))
            {
                return placement;
            }
        }
        throw new IllegalArgumentException("framer \"" + name + "\" is not one of \"polled\", \"thread\"");
    }
}
