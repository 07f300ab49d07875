package io.horizon.ops.counters;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Facts about a running daemon that are not numbers (threading mode, wait strategy), kept in the
 * counters file's facts region as {@code key=value} lines after a length word:
 * <pre>
 * int length (release ordering; 0 while being rewritten) | UTF-8 "key=value\n" ...
 * </pre>
 * The daemon writes them at start; a reader that copies the region while it is rewritten sees no
 * facts or the old ones, never half a line, except if a rewrite races the copy itself, which only
 * blanks a value until the next reading.
 * <p>
 * Threading: {@link #write} from one thread at a time (the file synchronizes); {@link #read} any.
 */
public final class HeaderFacts
{
    /** The engine's threading mode ({@code dedicated}, {@code shared}, ...). */
    public static final String THREADING = "threading";
    /** The engine's wait strategy ({@code backoff}, {@code busy-spin}, ...). */
    public static final String WAIT_STRATEGY = "wait_strategy";

    private HeaderFacts()
    {
    }

    /**
     * Writes every fact into the region.
     *
     * @param region the facts region.
     * @param facts  names and values: no {@code =} in a name, no line break in either.
     * @throws IllegalArgumentException when they do not fit or a name or value is malformed.
     */
    static void write(final AtomicBuffer region, final Map<String, String> facts)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, String> f : facts.entrySet())
        {
            final String key = f.getKey();
            final String value = f.getValue();
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\n') >= 0 || value.indexOf('\n') >= 0)
            {
                throw new IllegalArgumentException("counters fact '" + key + "' = '" + value +
                    "' is not allowed; use a name without '=' and one-line values");
            }
            text.append(key).append('=').append(value).append('\n');
        }
        final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > region.capacity() - Integer.BYTES)
        {
            throw new IllegalArgumentException("counters facts take " + bytes.length + " bytes; the file holds " +
                (region.capacity() - Integer.BYTES));
        }
        region.putIntRelease(0, 0);
        region.putBytes(Integer.BYTES, bytes);
        region.putIntRelease(0, bytes.length);
    }

    /**
     * @param region a copy of the facts region.
     * @return the facts, in written order; empty when none or damaged.
     */
    static Map<String, String> read(final AtomicBuffer region)
    {
        final int length = region.getIntVolatile(0);
        if (length <= 0 || length > region.capacity() - Integer.BYTES)
        {
            return Map.of();
        }
        final byte[] bytes = new byte[length];
        region.getBytes(Integer.BYTES, bytes);
        final Map<String, String> facts = new LinkedHashMap<>();
        for (final String line : new String(bytes, StandardCharsets.UTF_8).split("\n"))
        {
            final int eq = line.indexOf('=');
            if (eq > 0)
            {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(facts);
    }
}
