package io.horizon.ops.replay;

import java.util.Locale;
import java.util.Set;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;

/**
 * Which timeline entries {@code horizon replay} prints: a time window on event time, an account,
 * an instrument, one order (every entry of its {@link OrderChain}: its original and replacement
 * client order ids, and the order ids the engine gave it), and entry types.
 * <p>
 * Threading: one thread.
 */
final class TimelineFilter
{
    private final long sinceNanos;
    private final long untilNanos;
    private final int accountId;
    private final int instrumentId;
    private final OrderChain order;
    private final Set<String> types;

    /**
     * @param sinceNanos   earliest event time, or {@code Long.MIN_VALUE}.
     * @param untilNanos   latest event time, or {@code Long.MAX_VALUE}.
     * @param accountId    account id, or -1 for any.
     * @param instrumentId instrument id, or -1 for any.
     * @param order        the one order to keep, or {@code null} for all.
     * @param types        upper-case type names to keep (event types, output kinds, exec types); empty for all.
     */
    TimelineFilter(
        final long sinceNanos,
        final long untilNanos,
        final int accountId,
        final int instrumentId,
        final OrderChain order,
        final Set<String> types)
    {
        this.sinceNanos = sinceNanos;
        this.untilNanos = untilNanos;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        this.order = order;
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
        if (order != null && !order.hasClientOrderId(e.clientOrderIdHi, e.clientOrderIdLo) &&
            !order.hasClientOrderId(e.origClientOrderIdHi, e.origClientOrderIdLo) &&
            !(e.type.isVenueResponse() && order.hasOrderId(e.orderId)))
        {
            return false;
        }
        return types.isEmpty() || types.contains(e.type.name());
    }

    boolean accepts(final EngineOutput o)
    {
        if (order != null)
        {
            // With --follow, a replacement made after the chain was resolved joins it here.
            order.learn(o);
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
        if (order != null && !order.hasClientOrderId(o.clientOrderIdHi, o.clientOrderIdLo) &&
            !order.hasClientOrderId(o.origClientOrderIdHi, o.origClientOrderIdLo) && !order.hasOrderId(o.orderId))
        {
            return false;
        }
        return types.isEmpty() || types.contains(o.kind.name()) || (o.execType != null && types.contains(o.execType.name()));
    }
}
