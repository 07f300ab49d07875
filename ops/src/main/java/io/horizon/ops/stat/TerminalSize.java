package io.horizon.ops.stat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The size of the terminal {@code horizon stat} draws on, asked with {@code stty size} on
 * {@code /dev/tty} (the JDK cannot ask), else {@code COLUMNS} and {@code LINES}, else 80 x 24.
 *
 * @param columns its width.
 * @param rows    its height.
 */
public record TerminalSize(int columns, int rows)
{
    /** What a terminal is assumed to be when it cannot be asked. */
    public static final TerminalSize DEFAULT = new TerminalSize(StatScreen.WIDTH, StatScreen.HEIGHT);

    /**
     * Asks the controlling terminal. Cold path: starts a short process.
     *
     * @return its size, or the environment's, or {@link #DEFAULT}.
     */
    public static TerminalSize current()
    {
        final File tty = new File("/dev/tty");
        if (tty.exists())
        {
            try
            {
                final Process stty = new ProcessBuilder("stty", "size").redirectInput(tty).redirectErrorStream(true).start();
                final String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0)
                {
                    final String[] parts = out.split("\\s+");
                    if (parts.length == 2)
                    {
                        final TerminalSize size = new TerminalSize(Integer.parseInt(parts[1]), Integer.parseInt(parts[0]));
                        if (size.columns > 0 && size.rows > 0)
                        {
                            return size;
                        }
                    }
                }
            }
            catch (final IOException | NumberFormatException ex)
            {
                // No stty, or no terminal after all: fall back to the environment.
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        return new TerminalSize(positive(System.getenv("COLUMNS"), DEFAULT.columns), positive(System.getenv("LINES"), DEFAULT.rows));
    }

    private static int positive(final String value, final int otherwise)
    {
        try
        {
            final int n = value == null ? otherwise : Integer.parseInt(value.trim());
            return n > 0 ? n : otherwise;
        }
        catch (final NumberFormatException ex)
        {
            return otherwise;
        }
    }
}
