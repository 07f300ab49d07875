package io.horizon.engine.pipeline;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

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
 * In the shared threading mode nothing waits on the ring; the one engine thread idles between
 * duty cycles with an {@link IdleStrategy} of the same kind; {@code backoff} and {@code blocking}
 * sleep until a publisher wakes them ({@link EngineWakeup}).
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
    private static final long IDLE_SPINS = 100;
    private static final long IDLE_YIELDS = 10;
    private static final long IDLE_MIN_PARK_NANOS = 1_000;
    private static final long SLEEPING_PARK_NANOS = 100;
    private static final long BLOCKING_PARK_MILLIS = 1;
    private static final long SIGNALLED_BACKOFF_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SIGNALLED_BLOCKING_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

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
     * An Agrona idle strategy of this kind that needs no signal from publishers (the shared mode
     * uses {@link #idleStrategy(EngineWakeup, BooleanSupplier, LongSupplier)}, which wakes on input):
     * <ul>
     *   <li>{@link #BACKOFF}: spins 100 times, yields 10 times, then parks from 1 µs doubling up to
     *       100 µs (the dedicated mode's {@link BackoffWaitStrategy} also parks at most 100 µs).</li>
     *   <li>{@link #SLEEPING}: parks for the shortest time the OS allows (about 50-60 µs on Linux).</li>
     *   <li>{@link #BLOCKING}: sleeps 1 ms: least CPU, highest wake-up latency. There is no lock to
     *       block on: producers never signal the engine thread.</li>
     *   <li>{@link #YIELDING}: {@code Thread.yield()}: a core's worth of CPU, but gives it up to
     *       anything else runnable.</li>
     *   <li>{@link #BUSY_SPIN}: never gives up the core; only with a pinned, isolated core.</li>
     * </ul>
     *
     * @return a new idle strategy of this kind.
     */
    public IdleStrategy idleStrategy()
    {
        switch (this)
        {
            case BLOCKING:
                return new SleepingMillisIdleStrategy(BLOCKING_PARK_MILLIS);
            case YIELDING:
                return new YieldingIdleStrategy();
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case SLEEPING:
                return new SleepingIdleStrategy(SLEEPING_PARK_NANOS);
            default:
                return new BackoffIdleStrategy(
                    IDLE_SPINS, IDLE_YIELDS, IDLE_MIN_PARK_NANOS, TimeUnit.MICROSECONDS.toNanos(MAX_PARK_MICROS));
        }
    }

    /**
     * @return true when the shared engine thread of this kind sleeps until a publisher wakes it
     *         ({@link #BACKOFF}, {@link #BLOCKING}): its ring signals through an {@link EngineWakeup}.
     */
    public boolean sleepsUntilSignalled()
    {
        return this == BACKOFF || this == BLOCKING;
    }

    /**
     * The shared engine thread's idle strategy. {@link #BACKOFF}: spins 100 times, yields 10 times,
     * then parks until a publisher wakes it (at most 10 ms, or until the next timer deadline);
     * {@link #BLOCKING}: parks at once, at most 100 ms. Every other kind is {@link #idleStrategy()}.
     *
     * @param wakeup       the ring's wait strategy, which publishers signal through.
     * @param inputPending true when something is published the engine has not taken yet.
     * @param toDeadline   nanoseconds until the engine's next timer deadline.
     * @return a new idle strategy for the engine thread.
     */
    public IdleStrategy idleStrategy(final EngineWakeup wakeup, final BooleanSupplier inputPending, final LongSupplier toDeadline)
    {
        switch (this)
        {
            case BACKOFF:
                return wakeup.idleStrategy(IDLE_SPINS, IDLE_YIELDS, SIGNALLED_BACKOFF_MAX_PARK_NANOS, inputPending, toDeadline);
            case BLOCKING:
                return wakeup.idleStrategy(0, 0, SIGNALLED_BLOCKING_MAX_PARK_NANOS, inputPending, toDeadline);
            default:
                return idleStrategy();
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
