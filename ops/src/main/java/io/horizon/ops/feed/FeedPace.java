package io.horizon.ops.feed;

import java.math.BigDecimal;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.pipeline.RecordedTime;

/**
 * How fast a recorded source is replayed against the wall clock ({@code feed.pace}, {@code --pace}):
 * {@code max} as fast as the engine takes it, or {@code Nx} (1x, 10x, 0.5x) so that recorded time
 * passes N times as fast as wall time, for demos and soak tests. Either way the engine runs on
 * recorded time; the pace only decides when each step is let through.
 * <p>
 * Threading: one replaying thread; the first {@link #await} anchors recorded time to the wall clock.
 */
public final class FeedPace implements RecordedTime.Pacer
{
    /** The default for files. */
    public static final String MAX = "max";
    /** What is allowed, for help and errors. */
    public static final String ALLOWED = "max, or a speed-up like 1x, 10x, 0.5x (at most 1000000x)";

    private static final double MAX_SPEED = 1_000_000;

    private final String text;
    private final double speed;
    private long recordedStart;
    private long wallStart;
    private boolean anchored;

    private FeedPace(final String text, final double speed)
    {
        this.text = text;
        this.speed = speed;
    }

    /**
     * @param text {@code max} or {@code Nx}.
     * @return the pace.
     * @throws IllegalArgumentException naming the value and what is allowed.
     */
    public static FeedPace parse(final String text)
    {
        final String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (MAX.equals(t))
        {
            return new FeedPace(MAX, 0);
        }
        if (t.length() > 1 && t.endsWith("x") && t.substring(0, t.length() - 1).matches("\\d+(\\.\\d+)?|\\.\\d+"))
        {
            final double speed = new BigDecimal(t.substring(0, t.length() - 1)).doubleValue();
            if (speed > 0 && speed <= MAX_SPEED)
            {
                return new FeedPace(t, speed);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a pace (allowed: " + ALLOWED + ")");
    }

    /**
     * @return true for {@code max}.
     */
    public boolean isMax()
    {
        return speed == 0;
    }

    /**
     * @return how it was written: {@code max}, {@code 10x}.
     */
    public String configName()
    {
        return text;
    }

    @Override
    public boolean await(final long recordedNanos)
    {
        if (speed == 0)
        {
            return true;
        }
        if (!anchored)
        {
            anchored = true;
            recordedStart = recordedNanos;
            wallStart = System.nanoTime();
            return true;
        }
        final long due = wallStart + (long)((recordedNanos - recordedStart) / speed);
        long wait;
        while ((wait = due - System.nanoTime()) > 0)
        {
            if (Thread.currentThread().isInterrupted())
            {
                return false;
            }
            LockSupport.parkNanos(this, wait);
        }
        return !Thread.currentThread().isInterrupted();
    }

    @Override
    public String toString()
    {
        return text;
    }
}
