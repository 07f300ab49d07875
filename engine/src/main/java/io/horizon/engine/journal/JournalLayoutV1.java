package io.horizon.engine.journal;

import java.nio.charset.StandardCharsets;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.JournaledError;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads journal layout 1, the hand-written layout of releases before the SBE schema, so that
 * journals they wrote still replay, verify and recover. Nothing writes this layout any more.
 * Enum codes go through {@link JournalWireCodes}: layout 1 stored exactly the values the schema
 * now pins (an enum's own code, or {@code ordinal() + 1} of the enums as they were then), so
 * reordering a Java enum cannot change what an old journal means.
 * <pre>
 * inbound event (kind 1)                  engine output (kind 2)
 *   0 u8  magic 0x48 ('H')                  0 u8  magic
 *   1 u8  layout version 1                  1 u8  layout version 1
 *   2 u8  kind = 1                          2 u8  kind = 2
 *   3 u8  event type code                   3 u8  output kind (wire value, 1..)
 *   4 i32 source                            4 u8  exec type (wire value, 0 none)
 *   8 i64 ring sequence                     5 u8  order state (wire value, 0 none)
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
 * 168 text (UTF-8)                        168 u8  alert kind (wire value, 0 none)  169 u8 runbook
 *                                         172 text (error, UTF-8)
 * then i32 CRC32C of all bytes before it.
 * </pre>
 * <p>
 * Threading: stateless; any thread.
 */
final class JournalLayoutV1
{
    static final int VERSION = 1;
    static final int INBOUND_FIXED_LENGTH = 168;
    static final int OUTPUT_FIXED_LENGTH = 172;
    static final int MAX_RECORD_LENGTH = INBOUND_FIXED_LENGTH + InboundEvent.MAX_TEXT_BYTES + 4;

    private JournalLayoutV1()
    {
    }

    /**
     * @return the length the record's fields say it has, or -1 for an unknown kind.
     */
    static int expectedLength(final UnsafeBuffer buffer, final int length)
    {
        final int kind = buffer.getByte(2);
        if (kind == JournalCodec.KIND_INBOUND)
        {
            return length < INBOUND_FIXED_LENGTH ? Integer.MAX_VALUE : INBOUND_FIXED_LENGTH + buffer.getInt(92) + 4;
        }
        if (kind == JournalCodec.KIND_OUTPUT)
        {
            return length < OUTPUT_FIXED_LENGTH ? Integer.MAX_VALUE : OUTPUT_FIXED_LENGTH + (buffer.getShort(78) & 0xFFFF) + 4;
        }
        return -1;
    }

    static long inboundSequence(final UnsafeBuffer buffer)
    {
        return buffer.getLong(8);
    }

    static boolean decodeInbound(final UnsafeBuffer b, final InboundEvent event)
    {
        final int type = b.getByte(3) & 0xFF;
        final int side = b.getByte(88) & 0xFF;
        final int orderType = b.getByte(89) & 0xFF;
        final int action = b.getByte(90) & 0xFF;
        final int reason = b.getByte(91) & 0xFF;
        final int textLength = b.getInt(92);
        if (!JournalWireCodes.EVENT_TYPE.isKnown(type) || !JournalWireCodes.SIDE.isKnown(side) ||
            !JournalWireCodes.ORDER_TYPE.isKnown(orderType) || !JournalWireCodes.CONTROL_ACTION.isKnown(action) ||
            !JournalWireCodes.REJECT_REASON.isKnown(reason) || textLength < 0 || textLength > InboundEvent.MAX_TEXT_BYTES)
        {
            return false;
        }
        event.clear();
        event.type = JournalWireCodes.EVENT_TYPE.fromWire(type);
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
        event.side = JournalWireCodes.SIDE.fromWire(side);
        event.orderType = JournalWireCodes.ORDER_TYPE.fromWire(orderType);
        event.controlAction = JournalWireCodes.CONTROL_ACTION.fromWire(action);
        event.rejectReason = JournalWireCodes.REJECT_REASON.fromWire(reason);
        event.clientOrderIdHi = b.getLong(96);
        event.clientOrderIdLo = b.getLong(104);
        event.origClientOrderIdHi = b.getLong(112);
        event.origClientOrderIdLo = b.getLong(120);
        event.orderId = b.getLong(128);
        event.venueOrderId = b.getLong(136);
        event.leavesQuantity = b.getLong(144);
        event.rejectValue = b.getLong(152);
        event.controlValue = b.getLong(160);
        JournalCodec.copyText(b, INBOUND_FIXED_LENGTH, textLength, event);
        return true;
    }

    static boolean decodeOutput(final UnsafeBuffer b, final EngineOutput out)
    {
        final int kind = b.getByte(3) & 0xFF;
        final int exec = b.getByte(4) & 0xFF;
        final int state = b.getByte(5) & 0xFF;
        final int side = b.getByte(6) & 0xFF;
        final int orderType = b.getByte(7) & 0xFF;
        final int cause = b.getByte(76) & 0xFF;
        final int reason = b.getByte(77) & 0xFF;
        final int alertKind = b.getByte(168) & 0xFF;
        final int runbook = b.getByte(169) & 0xFF;
        if (kind == 0 || !JournalWireCodes.OUTPUT_KIND.isKnown(kind) || !JournalWireCodes.EXEC_TYPE.isKnown(exec) ||
            !JournalWireCodes.ORDER_STATE.isKnown(state) || !JournalWireCodes.SIDE.isKnown(side) ||
            !JournalWireCodes.ORDER_TYPE.isKnown(orderType) || !JournalWireCodes.EVENT_TYPE.isKnown(cause) ||
            !JournalWireCodes.REJECT_REASON.isKnown(reason) || !JournalWireCodes.ALERT_KIND.isKnown(alertKind) ||
            !JournalWireCodes.RUNBOOK.isKnown(runbook))
        {
            return false;
        }
        out.clear();
        out.kind = JournalWireCodes.OUTPUT_KIND.fromWire(kind);
        out.execType = JournalWireCodes.EXEC_TYPE.fromWire(exec);
        out.state = JournalWireCodes.ORDER_STATE.fromWire(state);
        out.side = JournalWireCodes.SIDE.fromWire(side);
        out.orderType = JournalWireCodes.ORDER_TYPE.fromWire(orderType);
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
        out.causeType = cause == 0 ? null : JournalWireCodes.EVENT_TYPE.fromWire(cause);
        out.rejectReason = JournalWireCodes.REJECT_REASON.fromWire(reason);
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
        out.alertKind = JournalWireCodes.ALERT_KIND.fromWire(alertKind);
        out.runbook = JournalWireCodes.RUNBOOK.fromWire(runbook);
        final int textLength = b.getShort(78) & 0xFFFF;
        if (textLength > 0)
        {
            final byte[] text = new byte[textLength];
            b.getBytes(OUTPUT_FIXED_LENGTH, text);
            out.error = new JournaledError(new String(text, StandardCharsets.UTF_8));
        }
        return true;
    }
}
