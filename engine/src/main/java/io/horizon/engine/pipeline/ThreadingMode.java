package io.horizon.engine.pipeline;

import java.util.Locale;

/**
 * How many threads carry the pipeline, as in Aeron's threading modes:
 * <ul>
 *   <li>{@link #DEDICATED}: a thread per stage (journal, BLP, venue gateway) on the Disruptor, for a
 *       host with a core per stage; busy-spin and pinning are configuration.</li>
 *   <li>{@link #SHARED}: one engine thread runs the stages in a duty cycle ({@link EngineAgent}):
 *       take a batch from the inbound ring, journal it, run the BLP and then the gateway's effects
 *       event by event, check the heartbeat deadline, idle with an Agrona {@code IdleStrategy}
 *       when there is nothing to do. No hand-off between threads inside the engine.</li>
 *   <li>{@link #AUTO} (default): {@link #SHARED} when the process has {@value #AUTO_SHARED_MAX_CPUS}
 *       or fewer CPUs available, {@link #DEDICATED} above: three stage threads, the feed and the
 *       timer taking turns on a few cores cost more than the hand-offs save.</li>
 * </ul>
 * Whatever the mode, the journal and the outputs of a run are the same; a journal written in one
 * mode replays and verifies identically in the other.
 */
public enum ThreadingMode
{
    AUTO,
    SHARED,
    DEDICATED;

    /** {@link #AUTO} chooses {@link #SHARED} at this many available CPUs or fewer. */
    public static final int AUTO_SHARED_MAX_CPUS = 4;

    /**
     * @param availableCpus what {@code Runtime.availableProcessors()} says.
     * @return {@link #SHARED} or {@link #DEDICATED}: this mode, or for {@link #AUTO} the mode it chooses.
     */
    public ThreadingMode resolve(final int availableCpus)
    {
        if (this != AUTO)
        {
            return this;
        }
        return availableCpus <= AUTO_SHARED_MAX_CPUS ? SHARED : DEDICATED;
    }

    /**
     * @param availableCpus what {@code Runtime.availableProcessors()} says.
     * @return why {@link #resolve} chose what it chose, for the start log and the run summary.
     */
    public String reason(final int availableCpus)
    {
        if (this != AUTO)
        {
            return "configured";
        }
        return "auto: " + availableCpus + (availableCpus == 1 ? " CPU" : " CPUs") + " available, " +
            (availableCpus <= AUTO_SHARED_MAX_CPUS ? AUTO_SHARED_MAX_CPUS + " or fewer" : "more than " + AUTO_SHARED_MAX_CPUS);
    }

    /**
     * @return the configuration spelling ({@code "shared"}).
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the configuration spelling.
     *
     * @param text {@code auto}, {@code shared} or {@code dedicated}.
     * @return the mode.
     * @throws IllegalArgumentException naming the value and the allowed ones.
     */
    public static ThreadingMode parse(final String text)
    {
        for (final ThreadingMode mode : values())
        {
            if (mode.configName().equalsIgnoreCase(text == null ? "" : text.trim()))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException(
            "threading mode '" + text + "' is not known; use one of: auto, shared, dedicated");
    }
}
