package io.horizon.ops.replay;

import java.util.Locale;
import java.util.Set;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import org.agrona.collections.LongHashSet;

/**
 * Which timeline entries {@code horizon replay} prints: a time window on event time, an account,
 * an instrument, one order (by client order id, followed through venue responses by the
 * order id the engine gave it), and entry types.
 * <p>
 * Threading: one thread.
 */
final class TimelineFilter
{
    private final long sinceNanos;
    private final long untilNanos;
    private final int accountId;
    private final int instrumentId;
    private final boolean byOrder;
    private final long orderHi;
    private final long orderLo;
    private final Set<String> types;
    private final LongHashSet orderIds = new LongHashSet();

    /**
     * @param sinceNanos   earliest event time, or {@code Long.MIN_VALUE}.
     * @param untilNanos   latest event time, or {@code Long.MAX_VALUE}.
     * @param accountId    account id, or -1 for any.
     * @param instrumentId instrument id, or -1 for any.
     * @param byOrder      true to keep one order only.
     * @param orderHi      its client order id, high bits.
     * @param orderLo      its client order id, low bits.
     * @param types        upper-case type names to keep (event types, output kinds, exec types); empty for all.
     */
    TimelineFilter(
        final long sinceNanos,
        final long untilNanos,
        final int accountId,
        final int instrumentId,
        final boolean byOrder,
        final long orderHi,
        final long orderLo,
        final Set<String> types)
    {
        this.sinceNanos = sinceNanos;
        this.untilNanos = untilNanos;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        this.byOrder = byOrder;
        this.orderHi = orderHi;
        this.orderLo = orderLo;
        this.types = types;
    }

    /**
     * @return every type name {@code --type} accepts.
     */
    static String knownTypes()
    {
        final StringBuilder sb = new StringBuilder();
        for (final EventType t : EventType.values())
        {
            if (t != EventType.NONE)
            {
                sb.append(t.name().toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        for (final OutputKind k : OutputKind.values())
        {
            sb.append(k.name().toLowerCase(Locale.ROOT)).append(' ');
        }
        for (final ExecType x : ExecType.values())
        {
            sb.append(x.name().toLowerCase(Locale.ROOT)).append(' ');
        }
        return sb.toString().trim();
    }

    /**
     * @return true when the name is a type {@code --type} accepts.
     */
    static boolean isKnownType(final String upperName)
    {
        for (final EventType t : EventType.values())
        {
            if (t != EventType.NONE && t.name().equals(upperName))
            {
                return true;
            }
        }
        for (final OutputKind k : OutputKind.values())
        {
            if (k.name().equals(upperName))
            {
                return true;
            }
        }
        for (final ExecType x : ExecType.values())
        {
            if (x.name().equals(upperName))
            {
                return true;
            }
        }
        return false;
    }

    boolean accepts(final InboundEvent e)
    {
        if (e.timestampNanos < sinceNanos || e.timestampNanos > untilNanos)
        {
            return false;
        }
        if (accountId >= 0 && e.accountId != accountId)
        {
            return false;
        }
        if (instrumentId >= 0 && e.instrumentId != instrumentId)
        {
            return false;
        }
        if (byOrder && !isOrder(e.clientOrderIdHi, e.clientOrderIdLo) && !isOrder(e.origClientOrderIdHi, e.origClientOrderIdLo) &&
            !(e.type.isVenueResponse() && orderIds.contains(e.orderId)))
        {
            return false;
        }
        return types.isEmpty() || types.contains(e.type.name());
    }

    boolean accepts(final EngineOutput o)
    {
        if (byOrder && (isOrder(o.clientOrderIdHi, o.clientOrderIdLo) || isOrder(o.origClientOrderIdHi, o.origClientOrderIdLo)) &&
            o.orderId != 0)
        {
            // Learn the engine's id for the order so its venue responses match from now on.
            orderIds.add(o.orderId);
        }
        if (o.timestampNanos < sinceNanos || o.timestampNanos > untilNanos)
        {
            return false;
        }
        if (accountId >= 0 && o.accountId != accountId)
        {
            return false;
        }
        if (instrumentId >= 0 && o.instrumentId != instrumentId)
        {
            return false;
        }
        if (byOrder && !isOrder(o.clientOrderIdHi, o.clientOrderIdLo) && !isOrder(o.origClientOrderIdHi, o.origClientOrderIdLo) &&
            !(o.orderId != 0 && orderIds.contains(o.orderId)))
        {
            return false;
        }
        return types.isEmpty() || types.contains(o.kind.name()) || (o.execType != null && types.contains(o.execType.name()));
    }

    private boolean isOrder(final long hi, final long lo)
    {
        return hi == orderHi && lo == orderLo && (hi != 0 || lo != 0);
    }
}
