package io.horizon.ops.alerting;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochNanoClock;

/**
 * The time alerting judges by: how close together repeats of one condition are (the
 * {@link AlertThrottle}'s window) and how old an output the last run left unalerted is (the
 * {@link JournalAlertFollower}'s catch-up at a restart).
 * <p>
 * Live ({@link #wall()}) that is the wall clock, as before. On recorded time (a market data file
 * run on its own clock, {@link #recorded}) it is the engine's time: the throttle's clock is the
 * event time of the last output the follower has read, so repeats are judged by how far apart
 * they were in the recorded day and not by how fast the file was replayed (a day replays in
 * seconds, and every page of it would fall in one wall-clock window); and the catch-up judges an
 * unalerted output against the engine's time at the restart (the new file's start), not against
 * today's date, so the recorded day's last alerts are not all dropped as days old.
 * <p>
 * Threading: {@link #reached} from the follower thread; the readings from any thread.
 */
public final class AlertTime
{
    private final EpochNanoClock engineClock;
    private final AtomicLong reachedNanos = new AtomicLong(Long.MIN_VALUE);

    private AlertTime(final EpochNanoClock engineClock)
    {
        this.engineClock = engineClock;
    }

    /**
     * @return alerting on the wall clock: a live daemon.
     */
    public static AlertTime wall()
    {
        return new AlertTime(null);
    }

    /**
     * @param engineClock the engine clock of a recorded run (the file's time).
     * @return alerting on the engine's time.
     */
    public static AlertTime recorded(final EpochNanoClock engineClock)
    {
        return new AlertTime(engineClock);
    }

    /**
     * @return true on recorded time.
     */
    public boolean isRecorded()
    {
        return engineClock != null;
    }

    /**
     * The follower read an output stamped {@code eventNanos}: on recorded time, alerting's time
     * moves there (never back).
     *
     * @param eventNanos the output's engine time, nanoseconds since the epoch.
     */
    void reached(final long eventNanos)
    {
        if (engineClock != null)
        {
            reachedNanos.accumulateAndGet(eventNanos, Math::max);
        }
    }

    /**
     * @return the throttle's clock, in nanoseconds: monotonic wall time live; on recorded time the
     *         event time the follower has reached (the engine's time before it has read anything).
     */
    long throttleNanos()
    {
        if (engineClock == null)
        {
            return System.nanoTime();
        }
        final long reached = reachedNanos.get();
        return reached == Long.MIN_VALUE ? engineClock.nanoTime() : reached;
    }

    /**
     * @param minutes how far back the catch-up reaches.
     * @return the oldest event time, in nanoseconds since the epoch, that a restart still alerts:
     *         {@code minutes} before now on the wall clock, or before the engine's time on recorded time.
     */
    long catchUpFromNanos(final long minutes)
    {
        final long now = engineClock == null ? System.currentTimeMillis() * 1_000_000L : engineClock.nanoTime();
        return now - TimeUnit.MINUTES.toNanos(minutes);
    }

    @Override
    public String toString()
    {
        return engineClock == null ? "wall clock" : "engine time (recorded)";
    }
}
