package io.horizon.ops.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: instead of the JVM's default (run shutdown
 * hooks, exit 143 or 130), the daemon's owner thread is told to stop, drains the rings, flushes
 * the journal, prints its summary and exits 0, which is what systemd and container runtimes
 * expect of a clean stop. A second signal while stopping is only logged: the drain is bounded by
 * {@code engine.drain_timeout_ms}; SIGKILL remains for an operator who will not wait.
 * <p>
 * Threading: {@link #install} from the owner thread; the handler runs on the JVM's signal thread.
 */
public final class TerminationSignals
{
    private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals()
    {
    }

    /**
     * @param requestStop called on the first SIGTERM or SIGINT; must return quickly.
     * @return true when both signals are handled; false when the JVM does not allow it (for
     *         example {@code -Xrs}), and the JVM's default applies.
     */
    public static boolean install(final Runnable requestStop)
    {
        final boolean[] stopping = new boolean[1];
        try
        {
            for (final String name : new String[]{"TERM", "INT"})
            {
                Signal.handle(new Signal(name), signal ->
                {
                    synchronized (stopping)
                    {
                        if (stopping[0])
                        {
                            LOG.warn("SIG{} again: still draining (at most engine.drain_timeout_ms); SIGKILL abandons the drain",
                                signal.getName());
                            return;
                        }
                        stopping[0] = true;
                    }
                    LOG.info("SIG{}: stopping: feeds, then draining the rings and flushing the journal", signal.getName());
                    requestStop.run();
                });
            }
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.warn("cannot handle termination signals ({}); a signal stops the JVM through its shutdown hook", ex.getMessage());
            return false;
        }
    }
}
