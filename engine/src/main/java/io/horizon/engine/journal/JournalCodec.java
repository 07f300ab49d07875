package io.horizon.engine.journal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.sbe.EngineOutputRecordDecoder;
import io.horizon.engine.journal.sbe.EngineOutputRecordEncoder;
import io.horizon.engine.journal.sbe.InboundEventRecordDecoder;
import io.horizon.engine.journal.sbe.InboundEventRecordEncoder;
import io.horizon.engine.journal.sbe.MessageHeaderDecoder;
import io.horizon.engine.journal.sbe.MessageHeaderEncoder;
import io.horizon.engine.journal.sbe.UlidDecoder;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.JournaledError;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's record codec: the one encoder the journal writers use and the one decoder every
 * reader uses (recovery, replay, verify, the audit and dead-letter flushers, the alert follower,
 * the timeline, backup). It writes journal layout {@value #LAYOUT_VERSION} and reads layouts 1
 * and 2; a record of any other layout is refused with the versions named.
 * <p>
 * Layout 2: a four-byte frame, then one SBE message of the schema
 * {@code engine/src/main/resources/sbe/horizon-journal.xml} (generated codecs in
 * {@code io.horizon.engine.journal.sbe}), then a CRC32C of everything before it:
 * <pre>
 *   0 u8  magic 0x48 ('H')       the first two bytes mean the same in every layout
 *   1 u8  layout version (2)
 *   2 u16 flags, 0
 *   4     SBE message header: u16 block length, u16 template id (1 inbound event,
 *         2 engine output), u16 schema id (7201), u16 schema version
 *  12     SBE message body (InboundEventRecord or EngineOutputRecord), then its text
 *         (u16 length + UTF-8 bytes)
 *   n-4   i32 CRC32C of bytes 0 .. n-5
 * </pre>
 * A record of an older schema version decodes with the fields added since then absent (SBE's
 * {@code sinceVersion} rules); a record of a newer schema version than this release knows is
 * refused, since a re-run that ignored an input it cannot read would not be the same run. Layout 1
 * is read by {@link JournalLayoutV1}.
 * <p>
 * No allocation per record on either path, except the text of an engine error (a rare, cold
 * output). Inbound records (what recovery, replay and verify read by the million) are decoded at
 * the generated decoder's field offsets straight from the record's {@link UnsafeBuffer}, which
 * costs what layout 1 did; through the flyweight they cost about 1.5 times as much
 * ({@code JournalDecodeBenchmark}). Outputs go through the flyweight, whose version rules they need.
 * <p>
 * Threading: one codec per thread (it holds the scratch buffer and the flyweights).
 */
public final class JournalCodec
{
    /** First byte of every record. */
    public static final byte MAGIC = 0x48;
    /** The layout this class writes. */
    public static final int LAYOUT_VERSION = 2;
    /** The oldest layout this class reads. */
    public static final int OLDEST_READABLE_LAYOUT = JournalLayoutV1.VERSION;
    /** The SBE schema version this release writes and the newest it reads. */
    public static final int SCHEMA_VERSION = InboundEventRecordEncoder.SCHEMA_VERSION;
    /** Record kind: an inbound event (also its SBE template id). */
    public static final int KIND_INBOUND = InboundEventRecordEncoder.TEMPLATE_ID;
    /** Record kind: an engine output (also its SBE template id). */
    public static final int KIND_OUTPUT = EngineOutputRecordEncoder.TEMPLATE_ID;

    static final int FRAME_LENGTH = 4;
    static final int BODY_OFFSET = FRAME_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH;
    static final int MAX_OUTPUT_TEXT = 1024;
    private static final int TEXT_HEADER_LENGTH = 2;
    private static final int CRC_LENGTH = 4;
    /** The block each schema version requires: a record's block may be longer, never shorter. */
    private static final SchemaBlockLengths INBOUND_BLOCKS =
        new SchemaBlockLengths(InboundEventRecordDecoder.class, SCHEMA_VERSION);
    private static final SchemaBlockLengths OUTPUT_BLOCKS =
        new SchemaBlockLengths(EngineOutputRecordDecoder.class, SCHEMA_VERSION);
    private static final int MAX_BLOCK = 4096;
    /*
     * Where decodeInbound reads each field of a layout-2 record: the generated decoder's offsets.
     * Every field of InboundEventRecord is in every schema version (sinceVersion 0, checked by
     * JournalCodecTest); a field added later must be read through the flyweight's version rules.
     */
    private static final int IN_TIMESTAMP = BODY_OFFSET + InboundEventRecordDecoder.timestampNanosEncodingOffset();
    private static final int IN_BID_PRICE = BODY_OFFSET + InboundEventRecordDecoder.bidPriceEncodingOffset();
    private static final int IN_BID_QUANTITY = BODY_OFFSET + InboundEventRecordDecoder.bidQuantityEncodingOffset();
    private static final int IN_ASK_PRICE = BODY_OFFSET + InboundEventRecordDecoder.askPriceEncodingOffset();
    private static final int IN_ASK_QUANTITY = BODY_OFFSET + InboundEventRecordDecoder.askQuantityEncodingOffset();
    private static final int IN_FEED_SEQUENCE = BODY_OFFSET + InboundEventRecordDecoder.feedSequenceEncodingOffset();
    private static final int IN_PRICE = BODY_OFFSET + InboundEventRecordDecoder.priceEncodingOffset();
    private static final int IN_QUANTITY = BODY_OFFSET + InboundEventRecordDecoder.quantityEncodingOffset();
    private static final int IN_CLIENT_ORDER_ID = BODY_OFFSET + InboundEventRecordDecoder.clientOrderIdEncodingOffset();
    private static final int IN_ORIG_CLIENT_ORDER_ID = BODY_OFFSET + InboundEventRecordDecoder.origClientOrderIdEncodingOffset();
    private static final int ULID_HI = UlidDecoder.hiEncodingOffset();
    private static final int ULID_LO = UlidDecoder.loEncodingOffset();
    private static final int IN_ORDER_ID = BODY_OFFSET + InboundEventRecordDecoder.orderIdEncodingOffset();
    private static final int IN_VENUE_ORDER_ID = BODY_OFFSET + InboundEventRecordDecoder.venueOrderIdEncodingOffset();
    private static final int IN_LEAVES_QUANTITY = BODY_OFFSET + InboundEventRecordDecoder.leavesQuantityEncodingOffset();
    private static final int IN_REJECT_VALUE = BODY_OFFSET + InboundEventRecordDecoder.rejectValueEncodingOffset();
    private static final int IN_CONTROL_VALUE = BODY_OFFSET + InboundEventRecordDecoder.controlValueEncodingOffset();
    private static final int IN_SOURCE = BODY_OFFSET + InboundEventRecordDecoder.sourceEncodingOffset();
    private static final int IN_INSTRUMENT_ID = BODY_OFFSET + InboundEventRecordDecoder.instrumentIdEncodingOffset();
    private static final int IN_ACCOUNT_ID = BODY_OFFSET + InboundEventRecordDecoder.accountIdEncodingOffset();
    private static final int IN_EVENT_TYPE = BODY_OFFSET + InboundEventRecordDecoder.eventTypeEncodingOffset();
    private static final int IN_SIDE = BODY_OFFSET + InboundEventRecordDecoder.sideEncodingOffset();
    private static final int IN_ORDER_TYPE = BODY_OFFSET + InboundEventRecordDecoder.orderTypeEncodingOffset();
    private static final int IN_CONTROL_ACTION = BODY_OFFSET + InboundEventRecordDecoder.controlActionEncodingOffset();
    private static final int IN_REJECT_REASON = BODY_OFFSET + InboundEventRecordDecoder.rejectReasonEncodingOffset();

    /** Largest record either kind and either layout can produce. */
    public static final int MAX_RECORD_LENGTH = Math.max(
        JournalLayoutV1.MAX_RECORD_LENGTH,
        BODY_OFFSET + Math.max(InboundEventRecordEncoder.BLOCK_LENGTH, EngineOutputRecordEncoder.BLOCK_LENGTH) +
            TEXT_HEADER_LENGTH + Math.max(InboundEvent.MAX_TEXT_BYTES, MAX_OUTPUT_TEXT) + CRC_LENGTH);

    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[MAX_RECORD_LENGTH + 16];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final InboundEventRecordEncoder inboundEncoder = new InboundEventRecordEncoder();
    private final EngineOutputRecordEncoder outputEncoder = new EngineOutputRecordEncoder();
    private final EngineOutputRecordDecoder outputDecoder = new EngineOutputRecordDecoder();

    /**
     * @return this codec's scratch buffer, large enough for any record; encode into it, then
     *         copy {@code length} bytes out.
     */
    public UnsafeBuffer scratch()
    {
        return scratchBuffer;
    }

    /**
     * Encodes an inbound event into the scratch buffer. Allocation-free.
     *
     * @param event    the event.
     * @param sequence its ring sequence, which is also its position in the journal.
     * @return the record length in bytes.
     */
    public int encodeInbound(final InboundEvent event, final long sequence)
    {
        putFrame();
        final InboundEventRecordEncoder e = inboundEncoder.wrapAndApplyHeader(scratchBuffer, FRAME_LENGTH, headerEncoder);
        e.sequence(sequence)
            .timestampNanos(event.timestampNanos)
            .bidPrice(event.bidPrice)
            .bidQuantity(event.bidQuantity)
            .askPrice(event.askPrice)
            .askQuantity(event.askQuantity)
            .feedSequence(event.feedSequence)
            .price(event.price)
            .quantity(event.quantity);
        e.clientOrderId().hi(event.clientOrderIdHi).lo(event.clientOrderIdLo);
        e.origClientOrderId().hi(event.origClientOrderIdHi).lo(event.origClientOrderIdLo);
        e.orderId(event.orderId)
            .venueOrderId(event.venueOrderId)
            .leavesQuantity(event.leavesQuantity)
            .rejectValue(event.rejectValue)
            .controlValue(event.controlValue)
            .source(event.source)
            .instrumentId(event.instrumentId)
            .accountId(event.accountId)
            .eventType(JournalWireCodes.EVENT_TYPE.toWire(event.type))
            .side(JournalWireCodes.SIDE.toWire(event.side))
            .orderType(JournalWireCodes.ORDER_TYPE.toWire(event.orderType))
            .controlAction(JournalWireCodes.CONTROL_ACTION.toWire(event.controlAction))
            .rejectReason(JournalWireCodes.REJECT_REASON.toWire(event.rejectReason))
            .putText(event.textBytes(), 0, event.textLength());
        return seal(BODY_OFFSET + e.encodedLength());
    }

    /**
     * Encodes an engine output into the scratch buffer. Allocation-free unless the output carries
     * an engine error.
     *
     * @param out the output.
     * @return the record length in bytes.
     */
    public int encodeOutput(final EngineOutput out)
    {
        putFrame();
        final EngineOutputRecordEncoder e = outputEncoder.wrapAndApplyHeader(scratchBuffer, FRAME_LENGTH, headerEncoder);
        e.causeSequence(out.causeSequence)
            .timestampNanos(out.timestampNanos)
            .orderId(out.orderId);
        e.clientOrderId().hi(out.clientOrderIdHi).lo(out.clientOrderIdLo);
        e.origClientOrderId().hi(out.origClientOrderIdHi).lo(out.origClientOrderIdLo);
        e.price(out.price)
            .quantity(out.quantity)
            .cumulativeQuantity(out.cumulativeQuantity)
            .leavesQuantity(out.leavesQuantity)
            .lastPrice(out.lastPrice)
            .lastQuantity(out.lastQuantity)
            .rejectValue(out.rejectValue)
            .rejectLimit(out.rejectLimit)
            .alertValue(out.alertValue)
            .alertLimit(out.alertLimit)
            .accountId(out.accountId)
            .instrumentId(out.instrumentId)
            .strategyId(out.strategyId)
            .alertCode(out.alertCode)
            .alertDetail(out.alertDetail)
            .kind(JournalWireCodes.OUTPUT_KIND.toWire(out.kind))
            .causeType(JournalWireCodes.EVENT_TYPE.toWire(out.causeType))
            .execType(JournalWireCodes.EXEC_TYPE.toWire(out.execType))
            .state(JournalWireCodes.ORDER_STATE.toWire(out.state))
            .side(JournalWireCodes.SIDE.toWire(out.side))
            .orderType(JournalWireCodes.ORDER_TYPE.toWire(out.orderType))
            .rejectReason(JournalWireCodes.REJECT_REASON.toWire(out.rejectReason))
            .alertKind(JournalWireCodes.ALERT_KIND.toWire(out.alertKind))
            .runbook(JournalWireCodes.RUNBOOK.toWire(out.runbook))
            .amendPrice(out.amendPrice)
            .amendQuantity(out.amendQuantity);
        if (out.error == null)
        {
            e.putErrorText(scratch, 0, 0);
        }
        else
        {
            // Cold path: an engine error is rare, and its text is what an incident review needs.
            final byte[] text = EngineOutput.errorText(out.error).getBytes(StandardCharsets.UTF_8);
            e.putErrorText(text, 0, Math.min(text.length, MAX_OUTPUT_TEXT));
        }
        return seal(BODY_OFFSET + e.encodedLength());
    }

    private void putFrame()
    {
        scratchBuffer.putByte(0, MAGIC);
        scratchBuffer.putByte(1, (byte)LAYOUT_VERSION);
        scratchBuffer.putShort(2, (short)0);
    }

    private int seal(final int length)
    {
        crc.reset();
        crc.update(scratch, 0, length);
        scratchBuffer.putInt(length, (int)crc.getValue());
        return length + CRC_LENGTH;
    }

    /**
     * Checks a record's framing: magic, layout version, kind, schema, length and checksum. Only a
     * record that passes may be given to the other methods.
     *
     * @param buffer holds the record at offset 0.
     * @param length its length.
     * @return {@code null} when sound, else what is wrong, for an error message.
     */
    public String validate(final UnsafeBuffer buffer, final int length)
    {
        if (length < 8)
        {
            return "record is truncated (" + length + " bytes)";
        }
        if (buffer.getByte(0) != MAGIC)
        {
            return "record does not start with the journal magic byte; this is not a Horizon journal record";
        }
        final int version = buffer.getByte(1) & 0xFF;
        if (version == JournalLayoutV1.VERSION)
        {
            final int expected = JournalLayoutV1.expectedLength(buffer, length);
            if (expected < 0)
            {
                return "record has unknown kind " + buffer.getByte(2);
            }
            if (expected != length)
            {
                return "record length " + length + " does not match its fields (expected " + expected + ")";
            }
            return checksum(buffer, length);
        }
        if (version != LAYOUT_VERSION)
        {
            return "record has journal layout version " + version + "; this Horizon reads layouts " +
                OLDEST_READABLE_LAYOUT + " to " + LAYOUT_VERSION +
                (version > LAYOUT_VERSION ? " (it was written by a newer release: read it with that release or a later one)" : "");
        }
        if (length < BODY_OFFSET + TEXT_HEADER_LENGTH + CRC_LENGTH)
        {
            return "record is truncated (" + length + " bytes)";
        }
        final String checksum = checksum(buffer, length);
        if (checksum != null)
        {
            return checksum;
        }
        // The header's fields read at the generated decoder's offsets, as decodeInbound reads the body.
        final int schemaId = headerField(buffer, MessageHeaderDecoder.schemaIdEncodingOffset());
        if (schemaId != InboundEventRecordEncoder.SCHEMA_ID)
        {
            return "record carries SBE schema id " + schemaId + ", not Horizon's journal schema " +
                InboundEventRecordEncoder.SCHEMA_ID;
        }
        final int schemaVersion = headerField(buffer, MessageHeaderDecoder.versionEncodingOffset());
        if (schemaVersion > SCHEMA_VERSION)
        {
            return "record was written with journal schema version " + schemaVersion + "; this Horizon reads versions up to " +
                SCHEMA_VERSION + " (read it with the release that wrote it or a later one)";
        }
        final int template = headerField(buffer, MessageHeaderDecoder.templateIdEncodingOffset());
        final int minBlock = template == KIND_INBOUND ? INBOUND_BLOCKS.required(schemaVersion) :
            template == KIND_OUTPUT ? OUTPUT_BLOCKS.required(schemaVersion) : -1;
        if (minBlock < 0)
        {
            return "record has unknown message template " + template;
        }
        final int block = headerField(buffer, MessageHeaderDecoder.blockLengthEncodingOffset());
        if (block < minBlock || block > MAX_BLOCK || BODY_OFFSET + block + TEXT_HEADER_LENGTH + CRC_LENGTH > length)
        {
            return "record block length " + block + " does not fit a " + length + "-byte record of template " + template;
        }
        final int textLength = buffer.getShort(BODY_OFFSET + block) & 0xFFFF;
        final int expected = BODY_OFFSET + block + TEXT_HEADER_LENGTH + textLength + CRC_LENGTH;
        if (textLength > Math.max(InboundEvent.MAX_TEXT_BYTES, MAX_OUTPUT_TEXT) || expected != length)
        {
            return "record length " + length + " does not match its fields (expected " + expected + ")";
        }
        return null;
    }

    private static int headerField(final UnsafeBuffer buffer, final int offset)
    {
        return buffer.getShort(FRAME_LENGTH + offset, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
    }

    private String checksum(final UnsafeBuffer buffer, final int length)
    {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET), length - CRC_LENGTH);
        }
        else
        {
            for (int i = 0; i < length - CRC_LENGTH; i++)
            {
                crc.update(buffer.getByte(i));
            }
        }
        if ((int)crc.getValue() != buffer.getInt(length - CRC_LENGTH))
        {
            return "record checksum does not match: the journal file is corrupted or truncated";
        }
        return null;
    }

    /**
     * @param buffer a validated record.
     * @return its journal layout version.
     */
    public static int layout(final UnsafeBuffer buffer)
    {
        return buffer.getByte(1) & 0xFF;
    }

    /**
     * @param buffer a validated record.
     * @return {@link #KIND_INBOUND} or {@link #KIND_OUTPUT}.
     */
    public static int kind(final UnsafeBuffer buffer)
    {
        return layout(buffer) == JournalLayoutV1.VERSION ? buffer.getByte(2) : buffer.getShort(FRAME_LENGTH + 2) & 0xFFFF;
    }

    /**
     * @param buffer a validated inbound record.
     * @return the ring sequence it was journaled with.
     */
    public static long inboundSequence(final UnsafeBuffer buffer)
    {
        return layout(buffer) == JournalLayoutV1.VERSION ?
            JournalLayoutV1.inboundSequence(buffer) :
            buffer.getLong(BODY_OFFSET + InboundEventRecordDecoder.sequenceEncodingOffset());
    }

    /**
     * Decodes a validated inbound record of either layout into an event slot. Allocation-free.
     *
     * @return false when the event type or an enum value is unknown to this release.
     */
    public boolean decodeInbound(final UnsafeBuffer b, final InboundEvent event)
    {
        if (layout(b) == JournalLayoutV1.VERSION)
        {
            return JournalLayoutV1.decodeInbound(b, event);
        }
        // Straight from the concrete buffer at the generated decoder's offsets: the same layout as
        // the flyweight reads, at the cost of layout 1. Through the flyweight (its buffer an
        // interface, each composite re-wrapped per field) a record cost about 1.5 times as much.
        final int block = headerField(b, MessageHeaderDecoder.blockLengthEncodingOffset());
        final int type = b.getByte(IN_EVENT_TYPE) & 0xFF;
        final int side = b.getByte(IN_SIDE) & 0xFF;
        final int orderType = b.getByte(IN_ORDER_TYPE) & 0xFF;
        final int action = b.getByte(IN_CONTROL_ACTION) & 0xFF;
        final int reason = b.getByte(IN_REJECT_REASON) & 0xFF;
        final int textLength = b.getShort(BODY_OFFSET + block, InboundEventRecordDecoder.BYTE_ORDER) & 0xFFFF;
        if (!JournalWireCodes.EVENT_TYPE.isKnown(type) || !JournalWireCodes.SIDE.isKnown(side) ||
            !JournalWireCodes.ORDER_TYPE.isKnown(orderType) || !JournalWireCodes.CONTROL_ACTION.isKnown(action) ||
            !JournalWireCodes.REJECT_REASON.isKnown(reason) || textLength > InboundEvent.MAX_TEXT_BYTES)
        {
            return false;
        }
        event.clear();
        event.type = JournalWireCodes.EVENT_TYPE.fromWire(type);
        event.timestampNanos = b.getLong(IN_TIMESTAMP, InboundEventRecordDecoder.BYTE_ORDER);
        event.bidPrice = b.getLong(IN_BID_PRICE, InboundEventRecordDecoder.BYTE_ORDER);
        event.bidQuantity = b.getLong(IN_BID_QUANTITY, InboundEventRecordDecoder.BYTE_ORDER);
        event.askPrice = b.getLong(IN_ASK_PRICE, InboundEventRecordDecoder.BYTE_ORDER);
        event.askQuantity = b.getLong(IN_ASK_QUANTITY, InboundEventRecordDecoder.BYTE_ORDER);
        event.feedSequence = b.getLong(IN_FEED_SEQUENCE, InboundEventRecordDecoder.BYTE_ORDER);
        event.price = b.getLong(IN_PRICE, InboundEventRecordDecoder.BYTE_ORDER);
        event.quantity = b.getLong(IN_QUANTITY, InboundEventRecordDecoder.BYTE_ORDER);
        event.clientOrderIdHi = b.getLong(IN_CLIENT_ORDER_ID + ULID_HI, InboundEventRecordDecoder.BYTE_ORDER);
        event.clientOrderIdLo = b.getLong(IN_CLIENT_ORDER_ID + ULID_LO, InboundEventRecordDecoder.BYTE_ORDER);
        event.origClientOrderIdHi = b.getLong(IN_ORIG_CLIENT_ORDER_ID + ULID_HI, InboundEventRecordDecoder.BYTE_ORDER);
        event.origClientOrderIdLo = b.getLong(IN_ORIG_CLIENT_ORDER_ID + ULID_LO, InboundEventRecordDecoder.BYTE_ORDER);
        event.orderId = b.getLong(IN_ORDER_ID, InboundEventRecordDecoder.BYTE_ORDER);
        event.venueOrderId = b.getLong(IN_VENUE_ORDER_ID, InboundEventRecordDecoder.BYTE_ORDER);
        event.leavesQuantity = b.getLong(IN_LEAVES_QUANTITY, InboundEventRecordDecoder.BYTE_ORDER);
        event.rejectValue = b.getLong(IN_REJECT_VALUE, InboundEventRecordDecoder.BYTE_ORDER);
        event.controlValue = b.getLong(IN_CONTROL_VALUE, InboundEventRecordDecoder.BYTE_ORDER);
        event.source = b.getInt(IN_SOURCE, InboundEventRecordDecoder.BYTE_ORDER);
        event.instrumentId = b.getInt(IN_INSTRUMENT_ID, InboundEventRecordDecoder.BYTE_ORDER);
        event.accountId = b.getInt(IN_ACCOUNT_ID, InboundEventRecordDecoder.BYTE_ORDER);
        event.side = JournalWireCodes.SIDE.fromWire(side);
        event.orderType = JournalWireCodes.ORDER_TYPE.fromWire(orderType);
        event.controlAction = JournalWireCodes.CONTROL_ACTION.fromWire(action);
        event.rejectReason = JournalWireCodes.REJECT_REASON.fromWire(reason);
        copyText(b, BODY_OFFSET + block + TEXT_HEADER_LENGTH, textLength, event);
        return true;
    }

    /**
     * Decodes a validated output record of either layout. The error text, if any, becomes a
     * {@link JournaledError} (allocates; outputs are read on cold paths).
     *
     * @return false when an enum value is unknown to this release.
     */
    public boolean decodeOutput(final UnsafeBuffer b, final EngineOutput out)
    {
        if (layout(b) == JournalLayoutV1.VERSION)
        {
            return JournalLayoutV1.decodeOutput(b, out);
        }
        headerDecoder.wrap(b, FRAME_LENGTH);
        final EngineOutputRecordDecoder d =
            outputDecoder.wrap(b, BODY_OFFSET, headerDecoder.blockLength(), headerDecoder.version());
        final int kind = d.kindRaw();
        final int cause = d.causeTypeRaw();
        final int exec = d.execTypeRaw();
        final int state = d.stateRaw();
        final int side = d.sideRaw();
        final int orderType = d.orderTypeRaw();
        final int reason = d.rejectReasonRaw();
        final int alertKind = d.alertKindRaw();
        final int runbook = d.runbookRaw();
        if (kind == 0 || !JournalWireCodes.OUTPUT_KIND.isKnown(kind) || !JournalWireCodes.EVENT_TYPE.isKnown(cause) ||
            !JournalWireCodes.EXEC_TYPE.isKnown(exec) || !JournalWireCodes.ORDER_STATE.isKnown(state) ||
            !JournalWireCodes.SIDE.isKnown(side) || !JournalWireCodes.ORDER_TYPE.isKnown(orderType) ||
            !JournalWireCodes.REJECT_REASON.isKnown(reason) || !JournalWireCodes.ALERT_KIND.isKnown(alertKind) ||
            !JournalWireCodes.RUNBOOK.isKnown(runbook))
        {
            return false;
        }
        out.clear();
        out.kind = JournalWireCodes.OUTPUT_KIND.fromWire(kind);
        // As in layout 1: no cause type is stored as 0 and read back as none (null).
        out.causeType = cause == 0 ? null : JournalWireCodes.EVENT_TYPE.fromWire(cause);
        out.execType = JournalWireCodes.EXEC_TYPE.fromWire(exec);
        out.state = JournalWireCodes.ORDER_STATE.fromWire(state);
        out.side = JournalWireCodes.SIDE.fromWire(side);
        out.orderType = JournalWireCodes.ORDER_TYPE.fromWire(orderType);
        out.rejectReason = JournalWireCodes.REJECT_REASON.fromWire(reason);
        out.alertKind = JournalWireCodes.ALERT_KIND.fromWire(alertKind);
        out.runbook = JournalWireCodes.RUNBOOK.fromWire(runbook);
        out.causeSequence = d.causeSequence();
        out.timestampNanos = d.timestampNanos();
        out.orderId = d.orderId();
        out.clientOrderIdHi = d.clientOrderId().hi();
        out.clientOrderIdLo = d.clientOrderId().lo();
        out.origClientOrderIdHi = d.origClientOrderId().hi();
        out.origClientOrderIdLo = d.origClientOrderId().lo();
        out.price = d.price();
        out.quantity = d.quantity();
        out.cumulativeQuantity = d.cumulativeQuantity();
        out.leavesQuantity = d.leavesQuantity();
        out.lastPrice = d.lastPrice();
        out.lastQuantity = d.lastQuantity();
        out.rejectValue = d.rejectValue();
        out.rejectLimit = d.rejectLimit();
        out.alertValue = d.alertValue();
        out.alertLimit = d.alertLimit();
        out.alertCode = d.alertCode();
        out.alertDetail = d.alertDetail();
        out.accountId = d.accountId();
        out.instrumentId = d.instrumentId();
        out.strategyId = d.strategyId();
        // Schema 1 records lack them: the decoder gives the int64 null value, EngineOutput.UNKNOWN.
        out.amendPrice = d.amendPrice();
        out.amendQuantity = d.amendQuantity();
        final int textLength = d.errorTextLength();
        if (textLength > 0)
        {
            final byte[] text = new byte[textLength];
            d.getErrorText(text, 0, textLength);
            out.error = new JournaledError(new String(text, StandardCharsets.UTF_8));
        }
        return true;
    }

    static void copyText(final UnsafeBuffer b, final int offset, final int length, final InboundEvent event)
    {
        final byte[] array = b.byteArray();
        if (array != null)
        {
            event.setTextBytes(array, (int)(b.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        else
        {
            // Only an off-heap buffer gets here; the journal readers always decode from the codec's heap scratch.
            final byte[] copy = new byte[length];
            b.getBytes(offset, copy);
            event.setTextBytes(copy, 0, length);
        }
    }
}
