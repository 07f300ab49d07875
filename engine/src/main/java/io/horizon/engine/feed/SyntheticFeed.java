package io.horizon.engine.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link SyntheticMarket} at a steady rate on its own thread, feeding a {@link MarketDataSink}.
 * <p>
 * Timestamps are epoch nanoseconds that never go backwards: an epoch base is read once from
 * {@link Instant#now()} at start, and each event adds the {@link System#nanoTime()} elapsed since
 * then. Pacing never busy-spins, so the feed behaves on a two-core machine: the thread works out
 * how many events are due since start ({@code rate * elapsed}), emits them as one burst, then
 * parks until about the next one is due (at least {@value #MIN_PARK_NANOS} ns). High rates therefore
 * come out as bursts. After a stall (a GC pause, a suspended VM) at most one second's worth of
 * backlog is caught up; older slots are skipped rather than flooding the ring.
 * <p>
 * A full ring drops events, as {@link MarketDataSink} prescribes; they are counted in
 * {@link #dropped()} and show as gaps in the feed sequence.
 * <p>
 * Threading: {@link #start()} and {@link #close()} may be called from any thread; the market and
 * the sink are then used only by the daemon thread {@value #THREAD_NAME}, so the caller must not
 * touch the market while the feed runs. {@link #published()} and {@link #dropped()} may be read from
 * any thread; they are refreshed after each burst. If the sink throws, the error is logged and
 * the feed stops; an {@link Error} ends the thread through its uncaught-exception handler.
 */
public final class SyntheticFeed implements AutoCloseable
{
    /** Name of the feed thread. */
    public static final String THREAD_NAME = "horizon-feed-synthetic";

    /** Shortest park between bursts, so high rates batch up instead of waking constantly. */
    public static final long MIN_PARK_NANOS = 50_000L;

    private static final long MAX_PARK_NANOS = 100_000_000L;
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticFeed.class);

    private final SyntheticMarket market;
    private final MarketDataSink sink;
    private final double eventsPerSecond;
    private final long maxBacklog;
    private final Thread thread;
    private final Object lifecycleLock = new Object();

    private volatile boolean running;
    private volatile long published;
    private volatile long dropped;
    private boolean started;
    private boolean closed;

    /**
     * @param market          the market to run; owned by the feed thread once started.
     * @param sink            where events go.
     * @param eventsPerSecond the target rate, > 0 and finite.
     * @throws IllegalArgumentException naming the rate when it is not > 0 and finite.
     */
    public SyntheticFeed(final SyntheticMarket market, final MarketDataSink sink, final double eventsPerSecond)
    {
        this.market = Objects.requireNonNull(market, "market");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (!(eventsPerSecond > 0) || !Double.isFinite(eventsPerSecond))
        {
            throw new IllegalArgumentException(
                "synthetic feed rate must be > 0 events per second and finite, got " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.maxBacklog = Math.max(1L, (long)eventsPerSecond);
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the feed thread.
     *
     * @throws IllegalStateException if already started or closed.
     */
    public void start()
    {
        synchronized (lifecycleLock)
        {
            if (closed)
            {
                throw new IllegalStateException("synthetic feed is closed; create a new one");
            }
            if (started)
            {
                throw new IllegalStateException("synthetic feed is already started");
            }
            started = true;
            running = true;
            thread.start();
        }
    }

    /**
     * Stops the feed and waits for its thread to end. Idempotent; safe before {@link #start()}.
     * Called from the feed thread itself (for example by the sink), it only asks the thread to stop.
     */
    @Override
    public void close()
    {
        final boolean wasStarted;
        synchronized (lifecycleLock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            running = false;
            wasStarted = started;
        }
        if (!wasStarted || Thread.currentThread() == thread)
        {
            return;
        }
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                // Finish the join so close() keeps its promise, and hand the interrupt back afterwards.
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return events the sink accepted so far.
     */
    public long published()
    {
        return published;
    }

    /**
     * @return events the sink refused (ring full) so far.
     */
    public long dropped()
    {
        return dropped;
    }

    /**
     * @return the target rate in events per second.
     */
    public double eventsPerSecond()
    {
        return eventsPerSecond;
    }

    private void run()
    {
        final long startNanos = System.nanoTime();
        final Instant now = Instant.now();
        final long epochBaseNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long slotsUsed = 0;
        try
        {
            while (running)
            {
                final long due = (long)((System.nanoTime() - startNanos) * eventsPerSecond / NANOS_PER_SECOND);
                if (due - slotsUsed > maxBacklog)
                {
                    slotsUsed = due - maxBacklog;
                }
                while (slotsUsed < due && running)
                {
                    market.next(epochBaseNanos + (System.nanoTime() - startNanos), sink);
                    slotsUsed++;
                }
                dropped = market.dropped();
                published = market.eventsGenerated() - market.dropped();

                // In double until clamped: at very low rates the next slot lies beyond a long's range.
                final double untilNextNanos =
                    (slotsUsed + 1) * NANOS_PER_SECOND / eventsPerSecond - (System.nanoTime() - startNanos);
                LockSupport.parkNanos((long)Math.min(MAX_PARK_NANOS, Math.max(MIN_PARK_NANOS, untilNextNanos)));
            }
        }
        catch (final RuntimeException ex)
        {
            running = false;
            LOG.error("synthetic feed {} stopped: the sink threw", market.feedId(), ex);
        }
        finally
        {
            dropped = market.dropped();
            published = market.eventsGenerated() - market.dropped();
        }
    }
}
