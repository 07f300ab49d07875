package io.horizon.journal;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.output.EngineOutput;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends one journal record to a Chronicle queue: the codec encodes it into its heap scratch
 * buffer (where the JDK's CRC32C intrinsic seals it), and one bulk memory copy puts it into the
 * queue's memory-mapped file at the excerpt's write position. The bytes are exactly what
 * {@link JournalCodec} gives, so readers see no difference.
 * <p>
 * Why not {@code Bytes.write(byte[], int, int)}: in the pinned Chronicle (bytes 2.27ea0) that copy
 * of a record (about 180 bytes) into mapped memory runs a Java loop ({@code UnsafeMemory.copyMemoryLoop})
 * and a thread-ownership check on every call; it was a sixth of the engine thread's samples on a
 * file replay. Here the copy is {@code Unsafe.copyMemory} (a memcpy). When the mapped chunk at hand
 * cannot hold the record at the write position (a chunk boundary) or the bytes are not off-heap,
 * the record goes through Chronicle's own write, as before.
 * <p>
 * The writing thread is the only user of its appender and of the appender's mapped bytes, so
 * Chronicle's per-call check of which thread uses them (a diagnostic that throws only when a second
 * thread is used by mistake) is turned off for those two objects.
 * <p>
 * Threading: one instance per appender, on the one thread that appends; allocation-free.
 */
final class MappedRecordWriter
{
    private final JournalCodec codec = new JournalCodec();
    private final byte[] scratch = codec.scratch().byteArray();
    private final UnsafeBuffer mapped = new UnsafeBuffer(0, 0);
    private ExcerptAppender checkedAppender;
    private Bytes<?> checkedBytes;
    private long inPlace;
    private long throughChronicle;

    /**
     * Appends an inbound event as one excerpt.
     *
     * @param appender the queue's appender, used by this thread only.
     * @param event    the event.
     * @param sequence its ring sequence.
     */
    void appendInbound(final ExcerptAppender appender, final InboundEvent event, final long sequence)
    {
        write(appender, codec.encodeInbound(event, sequence));
    }

    /**
     * Appends an engine output as one excerpt.
     *
     * @param appender the queue's appender, used by this thread only.
     * @param out      the output.
     */
    void appendOutput(final ExcerptAppender appender, final EngineOutput out)
    {
        write(appender, codec.encodeOutput(out));
    }

    private void write(final ExcerptAppender appender, final int length)
    {
        if (appender != checkedAppender)
        {
            appender.singleThreadedCheckDisabled(true);
            checkedAppender = appender;
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            if (bytes != checkedBytes)
            {
                // The first record, or a new cycle file (the daily roll): new mapped bytes.
                bytes.singleThreadedCheckDisabled(true);
                checkedBytes = bytes;
            }
            if (bytes.isDirectMemory() && copyInPlace(bytes, length))
            {
                bytes.writeSkip(length);
                inPlace++;
            }
            else
            {
                bytes.write(scratch, 0, length);
                throughChronicle++;
            }
        }
    }

    /**
     * @return records copied straight into the mapped chunk. Writing thread.
     */
    long recordsInPlace()
    {
        return inPlace;
    }

    /**
     * @return records written through Chronicle's own copy (a chunk boundary). Writing thread.
     */
    long recordsThroughChronicle()
    {
        return throughChronicle;
    }

    /**
     * @return true when the record was copied into the mapped chunk at the write position; false
     *         when that chunk cannot hold it there (nothing written).
     */
    private boolean copyInPlace(final Bytes<?> bytes, final int length)
    {
        final long start = bytes.writePosition();
        // Maps the chunk holding the start when it is not the current one.
        final long address = bytes.addressForWrite(start);
        final BytesStore<?, ?> store = bytes.bytesStore();
        if (store == null || !store.inside(start, length))
        {
            return false;
        }
        mapped.wrap(address, length);
        mapped.putBytes(0, scratch, 0, length);
        return true;
    }
}
