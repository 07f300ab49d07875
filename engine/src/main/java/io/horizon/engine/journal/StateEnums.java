package io.horizon.engine.journal;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

/**
 * Engine enums in snapshots, by the journal schema's wire values ({@link JournalWireCodes}), never
 * by ordinal: a snapshot keeps its meaning when an enum gains a constant. {@code null} is written
 * as the schema's {@code NONE} (0) and read back as {@code null}.
 * <p>
 * Stateless; any thread.
 */
public final class StateEnums
{
    private StateEnums()
    {
    }

    public static void putSide(final StateWriter out, final Side side)
    {
        out.putInt(JournalWireCodes.SIDE.toWire(side).value());
    }

    public static Side getSide(final StateReader in, final String what)
    {
        return read(JournalWireCodes.SIDE, in, what);
    }

    public static void putOrderType(final StateWriter out, final OrderType type)
    {
        out.putInt(JournalWireCodes.ORDER_TYPE.toWire(type).value());
    }

    public static OrderType getOrderType(final StateReader in, final String what)
    {
        return read(JournalWireCodes.ORDER_TYPE, in, what);
    }

    public static void putOrderState(final StateWriter out, final OrderState state)
    {
        out.putInt(JournalWireCodes.ORDER_STATE.toWire(state).value());
    }

    public static OrderState getOrderState(final StateReader in, final String what)
    {
        return read(JournalWireCodes.ORDER_STATE, in, what);
    }

    public static void putRejectReason(final StateWriter out, final RejectReason reason)
    {
        out.putInt(JournalWireCodes.REJECT_REASON.toWire(reason).value());
    }

    public static RejectReason getRejectReason(final StateReader in, final String what)
    {
        final RejectReason r = read(JournalWireCodes.REJECT_REASON, in, what);
        return r == null ? RejectReason.NONE : r;
    }

    private static <D extends Enum<D>> D read(final WireEnum<D, ?> codes, final StateReader in, final String what)
    {
        final int code = in.getInt(what);
        if (!codes.isKnown(code))
        {
            throw new SnapshotFormatException(what + " has code " + code + ", which this release does not know");
        }
        return codes.fromWire(code);
    }
}
