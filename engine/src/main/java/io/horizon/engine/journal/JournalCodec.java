package io.horizon.engine.journal;

import java.util.zip.CRC32C;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.JournaledError;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's binary record layout, version {@value #LAYOUT_VERSION}: fixed little-endian
 * fields, then variable text, then a CRC32C of everything before it. No text wire format and no
 * allocation per record; a record is encoded into and decoded from a reusable buffer.
 * <pre>
 * inbound event (kind 1)                  engine output (kind 2)
 *   0 u8  magic 0x48 ('H')                  0 u8  magic
 *   1 u8  layout version                    1 u8  layout version
 *   2 u8  kind = 1                          2 u8  kind = 2
 *   3 u8  event type code                   3 u8  output kind (ordinal + 1)
 *   4 i32 source                            4 u8  exec type (ordinal + 1, 0 none)
 *   8 i64 ring sequence                     5 u8  order state (ordinal + 1, 0 none)
 *  16 i64 timestamp (epoch ns)              6 u8  side (0 none, 1 buy, 2 sell)
 *  24 i32 instrument id                     7 u8  order type (0 none, 1 limit, 2 market)
 *  28 i32 account id                        8 i64 cause sequence
 *  32 i64 bid price     40 i64 bid qty     16 i64 timestamp (event time of the cause)
 *  48 i64 ask price     56 i64 ask qty     24 i64 order id
 *  64 i64 feed sequence                    32 i64 client id hi   40 i64 client id lo
 *  72 i64 price         80 i64 quantity    48 i64 orig id hi     56 i64 orig id lo
 *  88 u8  side   89 u8 order type          64 i32 account   68 i32 instrument   72 i32 strategy
 *  90 u8  control action  91 u8 reject     76 u8  cause type code   77 u8 reject reason code
 *  92 i32 text length                      78 u16 text length
 *  96 i64 client id hi  104 client id lo   80 i64 price   88 quantity   96 cumulative qty
 * 112 i64 orig id hi    120 orig id lo    104 i64 leaves 112 last price 120 last qty
 * 128 i64 order id      136 venue order id 128 i64 reject value  136 i64 reject limit
 * 144 i64 leaves        152 reject value  144 i64 alert value   152 i64 alert limit
 * 160 i64 control value                   160 i32 alert code    164 i32 alert detail
 * 168 text (UTF-8)                        168 u8  alert kind (ordinal + 1)  169 u8 runbook (ordinal)
 *                                         172 text (error, UTF-8)
 * then i32 CRC32C of all bytes before it.
 * </pre>
 * <p>
 * Threading: one codec per thread (it holds scratch state).
 */
public final class JournalCodec
{
    /** First byte of every record. */
    public static final byte MAGIC = 0x48;
    /** The layout this class writes and reads. */
    public static final int LAYOUT_VERSION = 1;
    /** Record kind: an inbound event. */
    public static final int KIND_INBOUND = 1;
    /** Record kind: an engine output. */
    public static final int KIND_OUTPUT = 2;

    static final int INBOUND_FIXED_LENGTH = 168;
    static final int OUTPUT_FIXED_LENGTH = 172;
    static final int MAX_OUTPUT_TEXT = 1024;
    /** Largest record either kind can produce. */
    public static final int MAX_RECORD_LENGTH = INBOUND_FIXED_LENGTH + InboundEvent.MAX_TEXT_BYTES + 4;

    private static final Side[] SIDES = {null, Side.BUY, Side.SELL};
    private static final OrderType[] ORDER_TYPES = {null, OrderType.LIMIT, OrderType.MARKET};
    private static final OutputKind[] OUTPUT_KINDS = OutputKind.values();
    private static final ExecType[] EXEC_TYPES = ExecType.values();
    private static final OrderState[] ORDER_STATES = OrderState.values();
    private static final AlertKind[] ALERT_KINDS = AlertKind.values();
    private static final Runbook[] RUNBOOKS = Runbook.values();

    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[MAX_RECORD_LENGTH + 16];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);

    /**
     * @return this codec's scratch buffer, large enough for any record; encode into it, then
     *         copy {@code length} bytes out.
     */
    public UnsafeBuffer scratch()
    {
        return scratchBuffer;
    }

    /**
     * Encodes an inbound event into the scratch buffer.
     *
     * @param event    the event.
     * @param sequence its ring sequence, which is also its position in the journal.
     * @return the record length in bytes.
     */
    public int encodeInbound(final InboundEvent event, final long sequence)
    {
        final UnsafeBuffer b = scratchBuffer;
        b.putByte(0, MAGIC);
        b.putByte(1, (byte)LAYOUT_VERSION);
        b.putByte(2, (byte)KIND_INBOUND);
        b.putByte(3, (byte)event.type.code());
        b.putInt(4, event.source);
        b.putLong(8, sequence);
        b.putLong(16, event.timestampNanos);
        b.putInt(24, event.instrumentId);
        b.putInt(28, event.accountId);
        b.putLong(32, event.bidPrice);
        b.putLong(40, event.bidQuantity);
        b.putLong(48, event.askPrice);
        b.putLong(56, event.askQuantity);
        b.putLong(64, event.feedSequence);
        b.putLong(72, event.price);
        b.putLong(80, event.quantity);
        b.putByte(88, sideCode(event.side));
        b.putByte(89, orderTypeCode(event.orderType));
        b.putByte(90, (byte)event.controlAction.code());
        b.putByte(91, (byte)event.rejectReason.code());
        final int textLength = event.textLength();
        b.putInt(92, textLength);
        b.putLong(96, event.clientOrderIdHi);
        b.putLong(104, event.clientOrderIdLo);
        b.putLong(112, event.origClientOrderIdHi);
        b.putLong(120, event.origClientOrderIdLo);
        b.putLong(128, event.orderId);
        b.putLong(136, event.venueOrderId);
        b.putLong(144, event.leavesQuantity);
        b.putLong(152, event.rejectValue);
        b.putLong(160, event.controlValue);
        b.putBytes(INBOUND_FIXED_LENGTH, event.textBytes(), 0, textLength);
        return seal(INBOUND_FIXED_LENGTH + textLength);
    }

    /**
     * Encodes an engine output into the scratch buffer.
     *
     * @param out the output.
     * @return the record length in bytes.
     */
    public int encodeOutput(final EngineOutput out)
    {
        final UnsafeBuffer b = scratchBuffer;
        b.putByte(0, MAGIC);
        b.putByte(1, (byte)LAYOUT_VERSION);
        b.putByte(2, (byte)KIND_OUTPUT);
        b.putByte(3, (byte)(out.kind == null ? 0 : out.kind.ordinal() + 1));
        b.putByte(4, (byte)(out.execType == null ? 0 : out.execType.ordinal() + 1));
        b.putByte(5, (byte)(out.state == null ? 0 : out.state.ordinal() + 1));
        b.putByte(6, sideCode(out.side));
        b.putByte(7, orderTypeCode(out.orderType));
        b.putLong(8, out.causeSequence);
        b.putLong(16, out.timestampNanos);
        b.putLong(24, out.orderId);
        b.putLong(32, out.clientOrderIdHi);
        b.putLong(40, out.clientOrderIdLo);
        b.putLong(48, out.origClientOrderIdHi);
        b.putLong(56, out.origClientOrderIdLo);
        b.putInt(64, out.accountId);
        b.putInt(68, out.instrumentId);
        b.putInt(72, out.strategyId);
        b.putByte(76, (byte)(out.causeType == null ? 0 : out.causeType.code()));
        b.putByte(77, (byte)out.rejectReason.code());
        b.putLong(80, out.price);
        b.putLong(88, out.quantity);
        b.putLong(96, out.cumulativeQuantity);
        b.putLong(104, out.leavesQuantity);
        b.putLong(112, out.lastPrice);
        b.putLong(120, out.lastQuantity);
        b.putLong(128, out.rejectValue);
        b.putLong(136, out.rejectLimit);
        b.putLong(144, out.alertValue);
        b.putLong(152, out.alertLimit);
        b.putInt(160, out.alertCode);
        b.putInt(164, out.alertDetail);
        b.putByte(168, (byte)(out.alertKind == null ? 0 : out.alertKind.ordinal() + 1));
        b.putByte(169, (byte)(out.runbook == null ? 0 : out.runbook.ordinal()));
        b.putShort(170, (short)0);
        int textLength = 0;
        if (out.error != null)
        {
            // Cold path: an engine error is rare, and its text is what an incident review needs.
            final byte[] text = EngineOutput.errorText(out.error).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            textLength = Math.min(text.length, MAX_OUTPUT_TEXT);
            b.putBytes(OUTPUT_FIXED_LENGTH, text, 0, textLength);
        }
        b.putShort(78, (short)textLength);
        return seal(OUTPUT_FIXED_LENGTH + textLength);
    }

    private int seal(final int length)
    {
        crc.reset();
        crc.update(scratch, 0, length);
        scratchBuffer.putInt(length, (int)crc.getValue());
        return length + 4;
    }

    /**
     * Checks a record's framing: magic, layout version, kind, length and checksum.
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
        if (version != LAYOUT_VERSION)
        {
            return "record has journal layout version " + version + "; this Horizon reads version " + LAYOUT_VERSION +
                " (use the Horizon release that wrote it)";
        }
        final int kind = buffer.getByte(2);
        final int fixed = kind == KIND_INBOUND ? INBOUND_FIXED_LENGTH : kind == KIND_OUTPUT ? OUTPUT_FIXED_LENGTH : -1;
        if (fixed < 0)
        {
            return "record has unknown kind " + kind;
        }
        final int textLength = kind == KIND_INBOUND ? buffer.getInt(92) : buffer.getShort(78) & 0xFFFF;
        if (textLength < 0 || fixed + textLength + 4 != length)
        {
            return "record length " + length + " does not match its fields (expected " + (fixed + textLength + 4) + ")";
        }
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, (int)(buffer.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET), length - 4);
        }
        else
        {
            for (int i = 0; i < length - 4; i++)
            {
                crc.update(buffer.getByte(i));
            }
        }
        if ((int)crc.getValue() != buffer.getInt(length - 4))
        {
            return "record checksum does not match: the journal file is corrupted or truncated";
        }
        return null;
    }

    /**
     * @param buffer a validated record.
     * @return {@link #KIND_INBOUND} or {@link #KIND_OUTPUT}.
     */
    public static int kind(final UnsafeBuffer buffer)
    {
        return buffer.getByte(2);
    }

    /**
     * @param buffer a validated inbound record.
     * @return the ring sequence it was journaled with.
     */
    public static long inboundSequence(final UnsafeBuffer buffer)
    {
        return buffer.getLong(8);
    }

    /**
     * Decodes a validated inbound record into an event slot. Allocation-free.
     *
     * @return false when the event type or an enum code is unknown to this version.
     */
    public boolean decodeInbound(final UnsafeBuffer b, final InboundEvent event)
    {
        final EventType type = EventType.fromCode(b.getByte(3) & 0xFF);
        final ControlAction action = ControlAction.fromCode(b.getByte(90) & 0xFF);
        final RejectReason reason = RejectReason.fromCode(b.getByte(91) & 0xFF);
        final int side = b.getByte(88);
        final int orderType = b.getByte(89);
        if (type == null || action == null || reason == null || side < 0 || side > 2 || orderType < 0 || orderType > 2)
        {
            return false;
        }
        event.clear();
        event.type = type;
        event.source = b.getInt(4);
        event.timestampNanos = b.getLong(16);
        event.instrumentId = b.getInt(24);
        event.accountId = b.getInt(28);
        event.bidPrice = b.getLong(32);
        event.bidQuantity = b.getLong(40);
        event.askPrice = b.getLong(48);
        event.askQuantity = b.getLong(56);
        event.feedSequence = b.getLong(64);
        event.price = b.getLong(72);
        event.quantity = b.getLong(80);
        event.side = SIDES[side];
        event.orderType = ORDER_TYPES[orderType];
        event.controlAction = action;
        event.rejectReason = reason;
        event.clientOrderIdHi = b.getLong(96);
        event.clientOrderIdLo = b.getLong(104);
        event.origClientOrderIdHi = b.getLong(112);
        event.origClientOrderIdLo = b.getLong(120);
        event.orderId = b.getLong(128);
        event.venueOrderId = b.getLong(136);
        event.leavesQuantity = b.getLong(144);
        event.rejectValue = b.getLong(152);
        event.controlValue = b.getLong(160);
        final int textLength = b.getInt(92);
        final byte[] array = b.byteArray();
        if (array != null)
        {
            event.setTextBytes(array, (int)(b.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET) + INBOUND_FIXED_LENGTH, textLength);
        }
        else
        {
            final byte[] copy = new byte[textLength];
            b.getBytes(INBOUND_FIXED_LENGTH, copy);
            event.setTextBytes(copy, 0, textLength);
        }
        return true;
    }

    /**
     * Decodes a validated output record. The error text, if any, becomes a
     * {@link JournaledError} (allocates; outputs are read on cold paths).
     *
     * @return false when an enum code is unknown to this version.
     */
    public boolean decodeOutput(final UnsafeBuffer b, final EngineOutput out)
    {
        final int kind = b.getByte(3);
        final int exec = b.getByte(4);
        final int state = b.getByte(5);
        final int side = b.getByte(6);
        final int orderType = b.getByte(7);
        final int causeCode = b.getByte(76) & 0xFF;
        final RejectReason reason = RejectReason.fromCode(b.getByte(77) & 0xFF);
        final int alertKind = b.getByte(168);
        final int runbook = b.getByte(169);
        if (alertKind < 0 || alertKind > ALERT_KINDS.length || runbook < 0 || runbook >= RUNBOOKS.length)
        {
            return false;
        }
        if (kind < 1 || kind > OUTPUT_KINDS.length || exec < 0 || exec > EXEC_TYPES.length ||
            state < 0 || state > ORDER_STATES.length || side < 0 || side > 2 || orderType < 0 || orderType > 2 ||
            reason == null || (causeCode != 0 && EventType.fromCode(causeCode) == null))
        {
            return false;
        }
        out.clear();
        out.kind = OUTPUT_KINDS[kind - 1];
        out.execType = exec == 0 ? null : EXEC_TYPES[exec - 1];
        out.state = state == 0 ? null : ORDER_STATES[state - 1];
        out.side = SIDES[side];
        out.orderType = ORDER_TYPES[orderType];
        out.causeSequence = b.getLong(8);
        out.timestampNanos = b.getLong(16);
        out.orderId = b.getLong(24);
        out.clientOrderIdHi = b.getLong(32);
        out.clientOrderIdLo = b.getLong(40);
        out.origClientOrderIdHi = b.getLong(48);
        out.origClientOrderIdLo = b.getLong(56);
        out.accountId = b.getInt(64);
        out.instrumentId = b.getInt(68);
        out.strategyId = b.getInt(72);
        out.causeType = causeCode == 0 ? null : EventType.fromCode(causeCode);
        out.rejectReason = reason;
        out.price = b.getLong(80);
        out.quantity = b.getLong(88);
        out.cumulativeQuantity = b.getLong(96);
        out.leavesQuantity = b.getLong(104);
        out.lastPrice = b.getLong(112);
        out.lastQuantity = b.getLong(120);
        out.rejectValue = b.getLong(128);
        out.rejectLimit = b.getLong(136);
        out.alertValue = b.getLong(144);
        out.alertLimit = b.getLong(152);
        out.alertCode = b.getInt(160);
        out.alertDetail = b.getInt(164);
        out.alertKind = alertKind == 0 ? null : ALERT_KINDS[alertKind - 1];
        out.runbook = RUNBOOKS[runbook];
        final int textLength = b.getShort(78) & 0xFFFF;
        if (textLength > 0)
        {
            final byte[] text = new byte[textLength];
            b.getBytes(OUTPUT_FIXED_LENGTH, text);
            out.error = new JournaledError(new String(text, java.nio.charset.StandardCharsets.UTF_8));
        }
        return true;
    }

    private static byte sideCode(final Side side)
    {
        return side == null ? 0 : side == Side.BUY ? (byte)1 : (byte)2;
    }

    private static byte orderTypeCode(final OrderType type)
    {
        return type == null ? 0 : type == OrderType.LIMIT ? (byte)1 : (byte)2;
    }
}
