package io.horizon.ops.daemon;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: instead of the JVM's default (run shutdown
 * hooks, exit 143 or 130), the daemon's owner thread is told to stop, drains the rings, flushes
 * the journal, prints its summary and exits 0, which is what systemd and container runtimes
 * expect of a clean stop. A second signal while stopping is only logged: the drain is bounded by
 * {@code engine.drain_timeout_ms}; SIGKILL remains for an operator who will not wait.
 * <p>
 * Threading: {@link #install} and {@link #close} from the owner thread; the handler runs on the
 * JVM's signal thread.
 */
public final class TerminationSignals implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);
    private static final String[] NAMES = {"TERM", "INT"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private boolean stopping;

    private TerminationSignals()
    {
    }

    /**
     * @param requestStop called on the first SIGTERM or SIGINT; must return quickly.
     * @return the installed handlers; {@link #close} puts the previous ones back. When the JVM
     *         does not allow handling them (for example {@code -Xrs}) its default applies and
     *         this says so in the log.
     */
    public static TerminationSignals install(final Runnable requestStop)
    {
        final TerminationSignals installed = new TerminationSignals();
        for (final String name : NAMES)
        {
            try
            {
                final Signal signal = new Signal(name);
                installed.previous.add(Signal.handle(signal, s -> installed.onSignal(s, requestStop)));
                installed.signals.add(signal);
            }
            catch (final IllegalArgumentException ex)
            {
                LOG.warn("cannot handle SIG{} ({}); it stops the JVM through its shutdown hook", name, ex.getMessage());
            }
        }
        return installed;
    }

    private void onSignal(final Signal signal, final Runnable requestStop)
    {
        synchronized (this)
        {
            if (stopping)
            {
                LOG.warn("SIG{} again: still draining (at most engine.drain_timeout_ms); SIGKILL abandons the drain",
                    signal.getName());
                return;
            }
            stopping = true;
        }
        LOG.info("SIG{}: stopping: feeds, then draining the rings and flushing the journal", signal.getName());
        requestStop.run();
    }

    /**
     * Puts back the handlers that were there before {@link #install}.
     */
    @Override
    public void close()
    {
        for (int i = 0; i < signals.size(); i++)
        {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
