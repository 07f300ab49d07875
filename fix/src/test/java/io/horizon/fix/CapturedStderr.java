package io.horizon.fix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What is written to {@code System.err} (where the tests' slf4j-simple logger writes) from
 * construction to {@link #close()}, still passed on to the real stream.
 * <p>
 * Threading: any thread writes; {@link #text()} from the test's thread.
 */
final class CapturedStderr implements AutoCloseable
{
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    CapturedStderr()
    {
        System.setErr(new PrintStream(new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                original.write(b);
                synchronized (captured)
                {
                    captured.write(b);
                }
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                original.write(b, off, len);
                synchronized (captured)
                {
                    captured.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** @return what was written so far. */
    String text()
    {
        synchronized (captured)
        {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close()
    {
        System.setErr(original);
    }
}
