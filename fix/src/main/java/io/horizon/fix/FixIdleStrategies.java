package io.horizon.fix;

import java.util.concurrent.TimeUnit;

import io.horizon.engine.pipeline.WaitStrategyKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How the threads of a FIX venue's Artio stack ({@link ArtioMediaStack}) idle, chosen by the
 * engine's own setting, {@code engine.wait_strategy} ({@link WaitStrategyKind}), so one choice
 * says how the whole daemon waits: a 2-core box keeps {@code backoff}, a tuned host with cores
 * to spare says {@code busy-spin}.
 * <p>
 With {@link FramerPlacement#POLLED} Artio's framer, the agent that reads the socket and
 * writes it, runs on the thread that polls the venue, and idles as that thread does (the engine's
 * own wait strategy); none of the stack's threads is then on a message's path, and
 * {@link #framer} is not used. With {@link FramerPlacement#THREAD} the Artio engine's thread
 * (framer, indexers, archiver, one thread: {@code LowResourceEngineScheduler}) is on a message's
 * path. Artio polls its sockets instead of waiting on them, so bytes that arrive while the framer
 * parks wait for the park to end; the framer's longest park bounds that wait:
 * <ul>
 *   <li>{@code backoff} (default): 10 spins, 20 yields, then parks from 1 µs doubling to
 *       {@value #FRAMER_MAX_PARK_MICROS} µs, the engine thread's own bound between two polls of
 *       the session (it was 1 ms: bytes waited half a millisecond on average);</li>
 *   <li>{@code sleeping}: parks the shortest time the OS allows (about 50-60 µs on Linux);</li>
 *   <li>{@code blocking}: the same back-off up to {@value #QUIET_MAX_PARK_MICROS} µs: least CPU;</li>
 *   <li>{@code yielding}: {@code Thread.yield()}, a core's worth of CPU;</li>
 *   <li>{@code busy-spin}: never gives up the core; only with a pinned, isolated core.</li>
 * </ul>
 The media driver and the archive are off the path whatever the choice: the library and the
 * Artio engine speak over IPC, which needs no driver thread per message (the driver only moves
 * the publication limits, a window of half a term ahead), and the archive records the message
 * log behind the framer; with a polled framer, so are the indexers, the archiver and the
 * monitoring agent ({@link PolledFramerScheduler}). They keep a back-off up to
 * {@value #QUIET_MAX_PARK_MICROS} µs ({@link #offPath()}), so a spinning setting costs one core
 * for the framer's thread, not three.
 * <p>
 * Threading: stateless; each call returns a new strategy for one thread.
 */
final class FixIdleStrategies
{
    /** The framer's longest park with {@code backoff}. */
    static final long FRAMER_MAX_PARK_MICROS = 100;
    /** The longest park of the threads off the path, and of the framer with {@code blocking}. */
    static final long QUIET_MAX_PARK_MICROS = 1_000;
    private static final long SPINS = 10;
    private static final long YIELDS = 20;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long SLEEPING_PARK_NANOS = 100;

    private FixIdleStrategies()
    {
    }

    /**
     * @param kind the engine's wait strategy.
     * @return the Artio engine thread's (framer's) idle strategy.
     */
    static IdleStrategy framer(final WaitStrategyKind kind)
    {
        switch (kind)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new YieldingIdleStrategy();
            case SLEEPING:
                return new SleepingIdleStrategy(SLEEPING_PARK_NANOS);
            case BLOCKING:
                return offPath();
            default:
                return backoff(FRAMER_MAX_PARK_MICROS);
        }
    }

    /**
     * @return the idle strategy of a thread off the message path (the media driver's, the
     *         archive's), whatever the engine's wait strategy.
     */
    static IdleStrategy offPath()
    {
        return backoff(QUIET_MAX_PARK_MICROS);
    }

    private static IdleStrategy backoff(final long maxParkMicros)
    {
        return new BackoffIdleStrategy(SPINS, YIELDS, MIN_PARK_NANOS, TimeUnit.MICROSECONDS.toNanos(maxParkMicros));
    }
}
