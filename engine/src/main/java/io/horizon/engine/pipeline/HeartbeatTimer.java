package io.horizon.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The dedicated mode's heartbeat: a daemon thread that sleeps until the {@link HeartbeatDeadline}
 * is due and polls it. (The shared mode polls the same deadline from its duty cycle instead.)
 * <p>
 * Threading: owns one daemon thread; {@link #start} and {@link #close} from any one thread.
 */
public final class HeartbeatTimer implements AutoCloseable
{
    private final HeartbeatDeadline deadline;
    private final Thread thread;
    private volatile boolean running;

    /**
     * @param deadline the deadline this thread polls; armed by {@link #start}.
     */
    public HeartbeatTimer(final HeartbeatDeadline deadline)
    {
        this.deadline = deadline;
        this.thread = new Thread(this::run, "horizon-timer");
        this.thread.setDaemon(true);
    }

    /**
     * Arms the deadline and starts the timer thread.
     */
    public void start()
    {
        running = true;
        deadline.arm();
        thread.start();
    }

    private void run()
    {
        while (running)
        {
            final long now = deadline.timer().nanoTime();
            if (deadline.poll(now) == 0)
            {
                LockSupport.parkNanos(Math.max(1, deadline.nanosToDeadline(now)));
            }
        }
    }

    /**
     * Disarms the deadline, stops the thread and waits for it. Idempotent.
     */
    @Override
    public void close()
    {
        running = false;
        deadline.disarm();
        LockSupport.unpark(thread);
        if (thread.isAlive() && Thread.currentThread() != thread)
        {
            try
            {
                thread.join(TimeUnit.NANOSECONDS.toMillis(deadline.intervalNanos()) + 1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
