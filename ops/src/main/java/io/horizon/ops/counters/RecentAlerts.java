package io.horizon.ops.counters;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The last few alerts the daemon raised, in a small ring inside the counters file, so
 * {@code horizon stat} can show them without asking the daemon or opening its stores.
 * <pre>
 * long alerts written | SLOTS x slot
 * slot: long lead seq | long epoch millis | int text length | int 0 | TEXT_BYTES text | long trail seq
 * text: severity US title US message (US = 0x1F), cut to fit
 * </pre>
 * A writer sets both sequence words to 0, writes the slot, then the trail and the lead (release
 * ordering); a reader takes a slot only when its lead and trail agree and are not 0, so a copy
 * taken while the slot is rewritten drops that one alert instead of showing a torn one.
 * <p>
 * Threading: {@link #record} from any thread (alerts are raised on several; it synchronizes);
 * {@link #read} from any thread or process, on a copy.
 */
public final class RecentAlerts
{
    /** Alerts kept. */
    public static final int SLOTS = 8;
    /** Bytes of text kept per alert. */
    public static final int TEXT_BYTES = 224;
    private static final int SLOT_LENGTH = 8 + 8 + 4 + 4 + TEXT_BYTES + 8;
    /** Bytes of the region. */
    public static final int REGION_LENGTH = Long.BYTES + SLOTS * SLOT_LENGTH;
    private static final char SEPARATOR = '\u001f';

    private final AtomicBuffer region;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer text = ByteBuffer.allocate(TEXT_BYTES);
    private boolean closed;

    /**
     * One alert as stat shows it.
     *
     * @param sequence    its number since the daemon started, from 1.
     * @param epochMillis when it was raised.
     * @param severity    {@code info}, {@code warning}, {@code error} or {@code critical}.
     * @param title       its one-line title.
     * @param message     its message, possibly cut.
     */
    public record Alert(long sequence, long epochMillis, String severity, String title, String message)
    {
    }

    RecentAlerts(final AtomicBuffer region)
    {
        this.region = region;
    }

    /**
     * Keeps one alert, replacing the oldest; after {@link #close} it is dropped (the file is
     * unmapped). Any thread; never throws for any text.
     *
     * @param epochMillis when it was raised.
     * @param severity    its severity's name.
     * @param title       its title.
     * @param message     its message.
     */
    public synchronized void record(final long epochMillis, final String severity, final String title, final String message)
    {
        if (closed)
        {
            return;
        }
        final long sequence = region.getLong(0) + 1;
        final int slot = Long.BYTES + (int)((sequence - 1) % SLOTS) * SLOT_LENGTH;
        region.putLongRelease(slot + SLOT_LENGTH - Long.BYTES, 0);
        region.putLongRelease(slot, 0);
        text.clear();
        encoder.reset();
        encoder.encode(CharBuffer.wrap(clean(severity) + SEPARATOR + clean(title) + SEPARATOR + clean(message)), text, true);
        text.flip();
        region.putLong(slot + 8, epochMillis);
        region.putInt(slot + 16, text.remaining());
        region.putBytes(slot + 24, text, 0, text.remaining());
        region.putLongRelease(slot + SLOT_LENGTH - Long.BYTES, sequence);
        region.putLongRelease(slot, sequence);
        region.putLongRelease(0, sequence);
    }

    /**
     * Stops writing: the file is about to be unmapped. Owner thread.
     */
    synchronized void close()
    {
        closed = true;
    }

    private static String clean(final String s)
    {
        return s == null ? "" : s.replace(SEPARATOR, ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * @param region a copy of the region.
     * @return the alerts it holds, newest first.
     */
    static List<Alert> read(final AtomicBuffer region)
    {
        final List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++)
        {
            final int slot = Long.BYTES + i * SLOT_LENGTH;
            final long lead = region.getLongVolatile(slot);
            final long trail = region.getLongVolatile(slot + SLOT_LENGTH - Long.BYTES);
            final int length = region.getInt(slot + 16);
            if (lead <= 0 || lead != trail || length < 0 || length > TEXT_BYTES)
            {
                continue;
            }
            final byte[] bytes = new byte[length];
            region.getBytes(slot + 24, bytes);
            final String[] parts = new String(bytes, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), 3);
            alerts.add(new Alert(lead, region.getLong(slot + 8), parts[0],
                parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : ""));
        }
        alerts.sort(Comparator.comparingLong(Alert::sequence).reversed());
        return List.copyOf(alerts);
    }
}
