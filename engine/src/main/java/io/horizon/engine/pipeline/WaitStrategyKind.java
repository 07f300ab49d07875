package io.horizon.engine.pipeline;

import java.util.Locale;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How ring consumers wait for events: a choice of configuration, not code.
 * <ul>
 *   <li>{@link #SLEEPING} (default): spins briefly, yields, then parks. Good tails with idle CPU
 *       left over; the right choice when spinning threads would outnumber cores (this 2-core box,
 *       laptops, CI).</li>
 *   <li>{@link #BLOCKING}: lock and condition; least CPU, highest wake-up latency.</li>
 *   <li>{@link #YIELDING}: spins with {@code Thread.yield}; needs a core per consumer.</li>
 *   <li>{@link #BUSY_SPIN}: never gives up the core; only with pinned, isolated cores.</li>
 * </ul>
 */
public enum WaitStrategyKind
{
    SLEEPING,
    BLOCKING,
    YIELDING,
    BUSY_SPIN;

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
            default:
                return new SleepingWaitStrategy();
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
            "wait strategy '" + text + "' is not known; use one of: sleeping, blocking, yielding, busy-spin");
    }
}
