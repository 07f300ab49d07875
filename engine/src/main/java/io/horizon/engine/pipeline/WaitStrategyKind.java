package io.horizon.engine.pipeline;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How ring consumers wait for events: a choice of configuration, not code.
 * <ul>
 *   <li>{@link #BACKOFF} (default): spins for a few microseconds, yields for a while, then blocks
 *       until the event is published and parks with a back-off while upstream stages finish it
 *       ({@link BackoffWaitStrategy}). Busy traffic is served from the spin and yield phases; an
 *       idle engine costs almost no CPU. The right choice when stage threads outnumber cores
 *       (a 2-core box, laptops, CI).</li>
 *   <li>{@link #SLEEPING}: spins, yields, then parks ~60 µs at a time; steady CPU use even idle.</li>
 *   <li>{@link #BLOCKING}: lock and condition; least CPU, highest wake-up latency.</li>
 *   <li>{@link #YIELDING}: spins with {@code Thread.yield}; needs a core per consumer.</li>
 *   <li>{@link #BUSY_SPIN}: never gives up the core; only with pinned, isolated cores.</li>
 * </ul>
 */
public enum WaitStrategyKind
{
    BACKOFF,
    SLEEPING,
    BLOCKING,
    YIELDING,
    BUSY_SPIN;

    private static final long SPIN_MICROS = 2;
    private static final long YIELD_MICROS = 20;
    private static final long MAX_PARK_MICROS = 100;

    /**
     * @return a new wait strategy of this kind.
     */
    public WaitStrategy create()
    {
        switch (this)
        {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            default:
                return new BackoffWaitStrategy(
                    TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS),
                    TimeUnit.MICROSECONDS.toNanos(YIELD_MICROS),
                    TimeUnit.MICROSECONDS.toNanos(MAX_PARK_MICROS));
        }
    }

    /**
     * @return the configuration spelling ({@code "busy-spin"}).
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the configuration spelling.
     *
     * @param text for example {@code "sleeping"} or {@code "busy-spin"}.
     * @return the kind.
     * @throws IllegalArgumentException naming the value and the allowed ones.
     */
    public static WaitStrategyKind parse(final String text)
    {
        for (final WaitStrategyKind kind : values())
        {
            if (kind.configName().equalsIgnoreCase(text == null ? "" : text.trim()))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException(
            "wait strategy '" + text + "' is not known; use one of: backoff, sleeping, blocking, yielding, busy-spin");
    }
}
