package io.horizon.engine.snapshot;

import java.util.zip.CRC32C;

import io.horizon.engine.journal.sbe.EngineStateRecordDecoder;
import io.horizon.engine.journal.sbe.EngineStateRecordEncoder;
import io.horizon.engine.journal.sbe.MessageHeaderDecoder;
import io.horizon.engine.journal.sbe.MessageHeaderEncoder;
import io.horizon.engine.journal.sbe.SnapshotHeaderDecoder;
import io.horizon.engine.journal.sbe.SnapshotHeaderEncoder;
import io.horizon.engine.journal.sbe.VenueStateRecordDecoder;
import io.horizon.engine.journal.sbe.VenueStateRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bytes of a snapshot: a {@code SnapshotHeader} then an {@code EngineStateRecord}, and, when
 * the engine's venue keeps a book a replay can carry on (the paper venue), a
 * {@code VenueStateRecord}: SBE messages of the journal schema ({@code sbe/horizon-journal.xml},
 * id 7201). The header carries the journal position, the fingerprints, and a CRC32C of the
 * header's other fields and of both state records; {@link #read} checks all of it before a single
 * byte of state is trusted. A snapshot without a venue record (the previous release wrote none) is
 * read as one whose venue state is absent ({@link #hasVenueState()}).
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
    /** Layout of the venue state record. Bump it whenever the venue's {@code writeState} changes. */
    public static final int VENUE_FORMAT_VERSION = 1;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SnapshotHeaderEncoder snapshotEncoder = new SnapshotHeaderEncoder();
    private final SnapshotHeaderDecoder snapshotDecoder = new SnapshotHeaderDecoder();
    private final EngineStateRecordEncoder stateEncoder = new EngineStateRecordEncoder();
    private final EngineStateRecordDecoder stateDecoder = new EngineStateRecordDecoder();
    private final VenueStateRecordEncoder venueEncoder = new VenueStateRecordEncoder();
    private final VenueStateRecordDecoder venueDecoder = new VenueStateRecordDecoder();
    private final UnsafeBuffer venueView = new UnsafeBuffer(0, 0);
    private boolean venueStateRead;
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
        return write(into, facts, state.buffer(), state.position(), null);
    }

    /**
     * Writes a whole snapshot, with a venue state record when {@code venueState} is given.
     *
     * @param into        where; grown as needed.
     * @param facts       the header (its format version is ignored: this release writes {@link #FORMAT_VERSION}).
     * @param state       the engine state's bytes, from 0.
     * @param stateBytes  how many.
     * @param venueState  the venue's state, from 0 to {@link StateWriter#position()}; {@code null} for none.
     * @return bytes written.
     */
    public int write(
        final ExpandableArrayBuffer into,
        final SnapshotFacts facts,
        final DirectBuffer state,
        final int stateBytes,
        final StateWriter venueState)
    {
        final int headerLength = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.BLOCK_LENGTH;
        // Make room first: the encoders write through a fixed view of the buffer.
        final int engineLength = MessageHeaderEncoder.ENCODED_LENGTH + EngineStateRecordEncoder.BLOCK_LENGTH +
            EngineStateRecordEncoder.stateHeaderLength() + stateBytes;
        final int venueLength = venueState == null ? 0 : MessageHeaderEncoder.ENCODED_LENGTH +
            VenueStateRecordEncoder.BLOCK_LENGTH + VenueStateRecordEncoder.stateHeaderLength() + venueState.position();
        final int stateLength = engineLength + venueLength;
        into.checkLimit(headerLength + stateLength);
        stateEncoder.wrapAndApplyHeader(into, headerLength, headerEncoder)
            .putState(state, 0, stateBytes);
        if (venueState != null)
        {
            venueEncoder.wrapAndApplyHeader(into, headerLength + engineLength, headerEncoder)
                .formatVersion(VENUE_FORMAT_VERSION)
                .putState(venueState.buffer(), 0, venueState.position());
        }
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
        return read(buffer, length, state, null);
    }

    /**
     * As {@link #read(DirectBuffer, int, StateReader)}, and points {@code venueState} at the venue
     * state when the snapshot has one ({@link #hasVenueState()} says whether it had).
     *
     * @param venueState wrapped around the venue state on return, when there is one; may be {@code null}.
     */
    public SnapshotFacts read(final DirectBuffer buffer, final int length, final StateReader state, final StateReader venueState)
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
        final int engineStateLength = stateDecoder.stateLength();
        if (engineStateLength < 0 || (long)stateDecoder.limit() + EngineStateRecordDecoder.stateHeaderLength() + engineStateLength > length)
        {
            throw new SnapshotFormatException("the engine state record says " + engineStateLength + " bytes, more than the file holds");
        }
        stateDecoder.wrapState(stateView);
        state.wrap(stateView, 0, stateView.capacity());
        venueStateRead = false;
        final int venueOffset = stateDecoder.limit();
        if (venueOffset < length)
        {
            readVenueState(buffer, venueOffset, length, venueState);
        }
        return facts;
    }

    /**
     * @return true when the last {@link #read} found a venue state record in this release's
     *         layout ({@link #VENUE_FORMAT_VERSION}); one in another layout is passed over.
     */
    public boolean hasVenueState()
    {
        return venueStateRead;
    }

    private void readVenueState(final DirectBuffer buffer, final int offset, final int length, final StateReader venueState)
    {
        if (length - offset < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new SnapshotFormatException((length - offset) + " bytes follow the engine state, too few for a record");
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.templateId() != VenueStateRecordDecoder.TEMPLATE_ID)
        {
            throw new SnapshotFormatException("the record after the engine state is template " + headerDecoder.templateId() +
                ", not the venue state");
        }
        if ((long)offset + MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength() +
            VenueStateRecordDecoder.stateHeaderLength() > length)
        {
            throw new SnapshotFormatException("the file ends inside the venue state record");
        }
        venueDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final int venueLength = venueDecoder.stateLength();
        if (venueLength < 0 || (long)venueDecoder.limit() + VenueStateRecordDecoder.stateHeaderLength() + venueLength != length)
        {
            throw new SnapshotFormatException("the venue state record says " + venueLength + " bytes but " +
                (length - venueDecoder.limit() - VenueStateRecordDecoder.stateHeaderLength()) + " are left in the file");
        }
        venueDecoder.wrapState(venueView);
        // A book in another layout is left out, not refused: the engine state is still good, and
        // the book is rebuilt as without one (the recovery RECONCILE step).
        if (venueDecoder.formatVersion() == VENUE_FORMAT_VERSION)
        {
            if (venueState != null)
            {
                venueState.wrap(venueView, 0, venueView.capacity());
            }
            venueStateRead = true;
        }
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
