package io.horizon.ops.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a reload when the process receives SIGHUP, the Unix convention for "re-read your
 * configuration" ({@code systemctl reload}, {@code kill -HUP}, {@code horizon secrets rotate}).
 * <p>
 * It uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only way to catch a signal
 * in Java; the JVM would otherwise treat SIGHUP as a request to exit. The previous handler comes
 * back on {@link #close()}.
 * <p>
 * Threading: {@link #install} and {@link #close} from the owner thread; the reload runs on the
 * JVM's signal thread and must not throw (failures are logged).
 */
public final class ReloadOnSighup implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReloadOnSighup.class);
    private static final Signal HUP = new Signal("HUP");

    private final SignalHandler previous;

    private ReloadOnSighup(final SignalHandler previous)
    {
        this.previous = previous;
    }

    /**
     * @param reload what to run on each SIGHUP.
     * @return the installed handler.
     */
    public static ReloadOnSighup install(final Runnable reload)
    {
        final SignalHandler previous = Signal.handle(HUP, signal ->
        {
            try
            {
                reload.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("reload on SIGHUP failed: {}", ex.getMessage());
            }
        });
        return new ReloadOnSighup(previous);
    }

    @Override
    public void close()
    {
        Signal.handle(HUP, previous);
    }
}
