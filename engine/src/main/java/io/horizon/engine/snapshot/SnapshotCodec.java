package io.horizon.engine.snapshot;

import java.util.zip.CRC32C;

import io.horizon.engine.journal.sbe.EngineStateRecordDecoder;
import io.horizon.engine.journal.sbe.EngineStateRecordEncoder;
import io.horizon.engine.journal.sbe.MessageHeaderDecoder;
import io.horizon.engine.journal.sbe.MessageHeaderEncoder;
import io.horizon.engine.journal.sbe.SnapshotHeaderDecoder;
import io.horizon.engine.journal.sbe.SnapshotHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bytes of a snapshot: a {@code SnapshotHeader} then an {@code EngineStateRecord}, both SBE
 * messages of the journal schema ({@code sbe/horizon-journal.xml}, id 7201). The header carries
 * the journal position, the fingerprints, and a CRC32C of the header's other fields and the state
 * record; {@link #read} checks
 * all of it before a single byte of state is trusted.
 * <p>
 * {@link #FORMAT_VERSION} is the layout of the state inside the record (what each component
 * writes, {@link SnapshotState}). A release reads only its own format: an older snapshot is
 * refused and recovery falls back to the journal, which always works; a snapshot is a shortcut,
 * never the record.
 * <p>
 * Threading: one instance per thread (encoders and buffers are reused).
 */
public final class SnapshotCodec
{
    /** Layout of the state record. Bump it whenever any component's {@code writeState} changes. */
    public static final int FORMAT_VERSION = 1;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SnapshotHeaderEncoder snapshotEncoder = new SnapshotHeaderEncoder();
    private final SnapshotHeaderDecoder snapshotDecoder = new SnapshotHeaderDecoder();
    private final EngineStateRecordEncoder stateEncoder = new EngineStateRecordEncoder();
    private final EngineStateRecordDecoder stateDecoder = new EngineStateRecordDecoder();
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer stateView = new UnsafeBuffer(0, 0);

    /**
     * Writes a whole snapshot.
     *
     * @param into  where; grown as needed.
     * @param facts the header (its format version is ignored: this release writes {@link #FORMAT_VERSION}).
     * @param state the state, from 0 to {@link StateWriter#position()}.
     * @return bytes written.
     */
    public int write(final ExpandableArrayBuffer into, final SnapshotFacts facts, final StateWriter state)
    {
        final int headerLength = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.BLOCK_LENGTH;
        // Make room first: the encoders write through a fixed view of the buffer.
        final int stateLength = MessageHeaderEncoder.ENCODED_LENGTH + EngineStateRecordEncoder.BLOCK_LENGTH +
            EngineStateRecordEncoder.stateHeaderLength() + state.position();
        into.checkLimit(headerLength + stateLength);
        stateEncoder.wrapAndApplyHeader(into, headerLength, headerEncoder)
            .putState(state.buffer(), 0, state.position());
        snapshotEncoder.wrapAndApplyHeader(into, 0, headerEncoder)
            .formatVersion(FORMAT_VERSION)
            .journalIndex(facts.journalIndex())
            .engineTimeNanos(facts.engineTimeNanos())
            .referenceFingerprint(facts.referenceFingerprint())
            .configFingerprint(facts.configFingerprint())
            .instrumentCount(facts.instrumentCount())
            .accountCount(facts.accountCount())
            .orderCapacity(facts.orderCapacity())
            .liveOrders(facts.liveOrders())
            .stateLength(stateLength)
            .stateChecksum(0);
        snapshotEncoder.stateChecksum(checksum(into, headerLength, stateLength));
        return headerLength + stateLength;
    }

    /**
     * Reads and checks a snapshot's header alone: enough to choose among snapshots without
     * checking their state.
     *
     * @throws SnapshotFormatException when it is not a snapshot this release can read, saying why.
     */
    public SnapshotFacts readHeader(final DirectBuffer buffer, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new SnapshotFormatException("the file has " + length + " bytes, too few for a snapshot header");
        }
        headerDecoder.wrap(buffer, 0);
        if (headerDecoder.schemaId() != SnapshotHeaderDecoder.SCHEMA_ID || headerDecoder.templateId() != SnapshotHeaderDecoder.TEMPLATE_ID)
        {
            throw new SnapshotFormatException("it is not a Horizon snapshot (schema " + headerDecoder.schemaId() + ", template " +
                headerDecoder.templateId() + "; a snapshot has schema " + SnapshotHeaderDecoder.SCHEMA_ID + ", template " +
                SnapshotHeaderDecoder.TEMPLATE_ID + ")");
        }
        if (headerDecoder.version() > SnapshotHeaderDecoder.SCHEMA_VERSION)
        {
            throw new SnapshotFormatException("it was written with journal schema version " + headerDecoder.version() +
                ", newer than this release's " + SnapshotHeaderDecoder.SCHEMA_VERSION);
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength())
        {
            throw new SnapshotFormatException("the file ends inside the snapshot header");
        }
        snapshotDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        final int format = snapshotDecoder.formatVersion();
        if (format != FORMAT_VERSION)
        {
            throw new SnapshotFormatException("its state format is version " + format + (format > FORMAT_VERSION ?
                ", newer than" : ", older than") + " this release's " + FORMAT_VERSION);
        }
        return new SnapshotFacts(format, snapshotDecoder.journalIndex(), snapshotDecoder.engineTimeNanos(),
            snapshotDecoder.referenceFingerprint(), snapshotDecoder.configFingerprint(), snapshotDecoder.instrumentCount(),
            snapshotDecoder.accountCount(), snapshotDecoder.orderCapacity(), snapshotDecoder.liveOrders());
    }

    /**
     * Reads and checks a whole snapshot: header, length and checksum of the state, and points
     * {@code state} at the state.
     *
     * @param buffer the snapshot's bytes.
     * @param length how many.
     * @param state  wrapped around the state on return.
     * @return the header.
     * @throws SnapshotFormatException when any check fails, saying which.
     */
    public SnapshotFacts read(final DirectBuffer buffer, final int length, final StateReader state)
    {
        final SnapshotFacts facts = readHeader(buffer, length);
        final int stateOffset = snapshotDecoder.limit();
        final int stateLength = snapshotDecoder.stateLength();
        if (stateLength < 0 || (long)stateOffset + stateLength != length)
        {
            throw new SnapshotFormatException("the header says the state has " + stateLength + " bytes but the file has " +
                (length - stateOffset) + " after the header: it is cut short or has bytes appended");
        }
        final long expected = snapshotDecoder.stateChecksum();
        final long actual = checksum(buffer, stateOffset, stateLength);
        if (expected != actual)
        {
            throw new SnapshotFormatException("bad checksum: the snapshot's CRC32C is " + Long.toHexString(actual) +
                " but the header says " + Long.toHexString(expected) + "; the file is damaged");
        }
        headerDecoder.wrap(buffer, stateOffset);
        if (headerDecoder.templateId() != EngineStateRecordDecoder.TEMPLATE_ID)
        {
            throw new SnapshotFormatException("the record after the header is template " + headerDecoder.templateId() +
                ", not the engine state");
        }
        stateDecoder.wrapAndApplyHeader(buffer, stateOffset, headerDecoder);
        stateDecoder.wrapState(stateView);
        state.wrap(stateView, 0, stateView.capacity());
        return facts;
    }

    /**
     * CRC32C of the header up to its checksum field (the journal index and fingerprints are
     * covered too), then of the state record.
     */
    private long checksum(final DirectBuffer buffer, final int stateOffset, final int stateLength)
    {
        crc.reset();
        update(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.stateChecksumEncodingOffset());
        update(buffer, stateOffset, stateLength);
        return crc.getValue();
    }

    private void update(final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer.byteArray() != null)
        {
            crc.update(buffer.byteArray(), buffer.wrapAdjustment() + offset, length);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                crc.update(buffer.getByte(offset + i));
            }
        }
    }
}
