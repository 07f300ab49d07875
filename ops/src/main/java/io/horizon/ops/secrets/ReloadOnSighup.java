package io.horizon.ops.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a reload when the process receives SIGHUP, the Unix convention for "re-read your
 * configuration" ({@code systemctl reload}, {@code kill -HUP}, {@code horizon secrets rotate}).
 * <p>
 * It uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only way to catch a signal
 * in Java; the JVM would otherwise treat SIGHUP as a request to exit (status 129, no log line).
 * {@link #installEarly} takes SIGHUP over before anything can find the daemon's pid (before the
 * state directory is locked): a SIGHUP that comes before the reload is ready is logged and held,
 * and runs once when {@link #install} supplies the reload. After {@link #close()} a SIGHUP is
 * logged and ignored (the daemon is stopping). A signal handler belongs to the whole process, so
 * this class holds the current reload in one static field.
 * <p>
 * Threading: {@link #installEarly}, {@link #install} and {@link #close} from the owner thread; the
 * reload runs on the JVM's signal thread (or, for a held one, the thread that calls
 * {@link #install}) and must not throw (failures are logged).
 */
public final class ReloadOnSighup implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReloadOnSighup.class);
    private static final Signal HUP = new Signal("HUP");
    private static final Object LOCK = new Object();

    private static boolean installed;
    private static SignalHandler previous;
    private static Runnable reload;
    private static boolean held;
    private static boolean stopping;

    private ReloadOnSighup()
    {
    }

    /**
     * Takes SIGHUP over now, before there is anything to reload. Idempotent.
     */
    public static void installEarly()
    {
        synchronized (LOCK)
        {
            if (!installed)
            {
                try
                {
                    previous = Signal.handle(HUP, ReloadOnSighup::onSignal);
                    installed = true;
                    if (isSighupIgnored(procSelfStatus()))
                    {
                        // The JVM keeps a signal ignored that it inherited ignored (nohup): say so,
                        // rather than let a rotation's SIGHUP vanish without a word.
                        LOG.warn("SIGHUP is ignored in this process (started under nohup or with SIGHUP ignored): " +
                            "horizon secrets rotate and kill -HUP will not reload secrets; start the daemon without " +
                            "nohup (systemd, or setsid) or restart it to take new secrets");
                    }
                }
                catch (final IllegalArgumentException ex)
                {
                    LOG.warn("cannot handle SIGHUP ({}); the JVM's default applies (it exits)", ex.getMessage());
                }
            }
            stopping = false;
        }
    }

    /**
     * @param procStatus the text of {@code /proc/self/status}, or {@code null} where there is none.
     * @return true when its {@code SigIgn} mask says SIGHUP (signal 1) is ignored.
     */
    static boolean isSighupIgnored(final String procStatus)
    {
        if (procStatus == null)
        {
            return false;
        }
        for (final String line : procStatus.split("\n"))
        {
            if (line.startsWith("SigIgn:"))
            {
                final String hex = line.substring("SigIgn:".length()).trim();
                return !hex.isEmpty() && (Character.digit(hex.charAt(hex.length() - 1), 16) & 1) != 0;
            }
        }
        return false;
    }

    private static String procSelfStatus()
    {
        try
        {
            return Files.readString(Path.of("/proc/self/status"));
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @param reloadOnSignal what to run on each SIGHUP from now on; run at once when a SIGHUP came
     *                       before.
     * @return the installed handler; {@link #close} stops reloading.
     */
    public static ReloadOnSighup install(final Runnable reloadOnSignal)
    {
        installEarly();
        final boolean runHeld;
        synchronized (LOCK)
        {
            reload = reloadOnSignal;
            runHeld = held;
            held = false;
        }
        if (runHeld)
        {
            LOG.info("SIGHUP received while starting: reloading now");
            run(reloadOnSignal);
        }
        return new ReloadOnSighup();
    }

    private static void onSignal(final Signal signal)
    {
        final Runnable current;
        synchronized (LOCK)
        {
            current = reload;
            if (current == null)
            {
                if (stopping)
                {
                    LOG.info("SIGHUP while stopping: ignored");
                }
                else
                {
                    held = true;
                    LOG.info("SIGHUP while starting: held; the secrets are reloaded once the daemon is up");
                }
                return;
            }
        }
        run(current);
    }

    private static void run(final Runnable current)
    {
        try
        {
            current.run();
        }
        catch (final RuntimeException ex)
        {
            LOG.error("reload on SIGHUP failed: {}", ex.getMessage());
        }
    }

    /**
     * Stops reloading; later SIGHUPs are logged and ignored, never fatal. The previous handler is
     * not put back: a SIGHUP while the daemon drains must not kill it.
     */
    @Override
    public void close()
    {
        synchronized (LOCK)
        {
            reload = null;
            held = false;
            stopping = true;
        }
    }

    /**
     * Puts back the handler that was there before {@link #installEarly}, for a process (a test)
     * that runs more than a daemon.
     */
    public static void uninstall()
    {
        synchronized (LOCK)
        {
            if (installed)
            {
                Signal.handle(HUP, previous);
                installed = false;
                reload = null;
                held = false;
            }
        }
    }
}
