package io.horizon.ops.support;

import java.io.IOException;
import java.nio.file.Path;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.ops.counters.CountersSnapshot;
import io.horizon.ops.counters.HeaderFacts;
import io.horizon.ops.daemon.HorizonDaemon;
import io.horizon.ops.preset.PresetOverrides;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For daemon tests that run in both threading modes: the preset override or the summary line that
 * selects or shows a mode, and a check that a running daemon really runs in the mode asked for
 * (so a parameter that fails to reach the daemon cannot pass unnoticed under {@code auto}).
 * <p>
 * Stateless; any thread.
 */
public final class EngineThreading
{
    private EngineThreading()
    {
    }

    /**
     * @param mode {@code shared} or {@code dedicated}.
     * @return overrides that set {@code engine.threading}, as {@code --threading} does.
     */
    public static PresetOverrides overrides(final ThreadingMode mode)
    {
        return PresetOverrides.none().set("engine.threading", mode.configName(), "--threading");
    }

    /**
     * @param mode {@code shared} or {@code dedicated}, chosen by configuration.
     * @return the line a run summary (and the start log) carries for it.
     */
    public static String summaryLine(final ThreadingMode mode)
    {
        return "engine threading: " + mode.configName() + " (configured)";
    }

    /**
     * Asserts that a daemon started in this JVM runs in the mode asked for; stops it if not.
     *
     * @param daemon just started on {@code state}.
     * @param state  its state directory.
     * @param mode   the mode it was started in.
     * @return the daemon, for the test to use and stop.
     */
    public static HorizonDaemon runningIn(final HorizonDaemon daemon, final Path state, final ThreadingMode mode) throws IOException
    {
        try
        {
            assertRunningIn(state, mode);
        }
        catch (final AssertionError ex)
        {
            daemon.stop();
            throw ex;
        }
        return daemon;
    }

    /**
     * Asserts that the daemon running on {@code state} published this threading mode in its counters file.
     *
     * @param state its state directory.
     * @param mode  the mode it was started in.
     */
    public static void assertRunningIn(final Path state, final ThreadingMode mode) throws IOException
    {
        assertEquals(mode.configName(), CountersSnapshot.read(state).facts().get(HeaderFacts.THREADING),
            "the daemon on " + state + " runs in the threading mode the test asked for");
    }
}
