package io.horizon.engine.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.killswitch.KillTrigger;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Order entry and operator control from outside the BLP: clients, the CLI's control channel, a
 * FIX session. Each call publishes one event into the inbound ring and returns at once.
 * <p>
 * A full ring never blocks the caller and never loses the request silently: the call returns
 * {@link RejectReason#RING_FULL} and the reject is counted under layer {@code ring}. The outcome of
 * an accepted request (ack, reject, fill) arrives later as an execution report.
 * <p>
 * Threading: safe for any number of caller threads (the ring is multi-producer).
 */
public final class OrderEntry
{
    private final RingBuffer<InboundEvent> ring;
    private final EngineCounters counters;
    private final EpochNanoClock clock;

    /**
     * @param ring     the inbound ring.
     * @param counters where ring-full rejects are counted.
     * @param clock    stamps each request with its entry time.
     */
    public OrderEntry(final RingBuffer<InboundEvent> ring, final EngineCounters counters, final EpochNanoClock clock)
    {
        this.ring = ring;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * Enters a new order. Price and quantity are {@link io.horizon.engine.event.FixedPoint}; the
     * price is ignored for market orders.
     *
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason newOrder(
        final int accountId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final long clientOrderIdHi,
        final long clientOrderIdLo)
    {
        final long seq = tryClaim();
        if (seq < 0)
        {
            return RejectReason.RING_FULL;
        }
        try
        {
            ring.get(seq).setNewOrder(
                clock.nanoTime(), accountId, instrumentId, side, orderType, price, quantity, clientOrderIdHi, clientOrderIdLo);
        }
        finally
        {
            ring.publish(seq);
        }
        return RejectReason.NONE;
    }

    /**
     * Asks to cancel the order with the given client order id.
     *
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason cancel(final int accountId, final long origClientOrderIdHi, final long origClientOrderIdLo)
    {
        final long seq = tryClaim();
        if (seq < 0)
        {
            return RejectReason.RING_FULL;
        }
        try
        {
            ring.get(seq).setCancel(clock.nanoTime(), accountId, origClientOrderIdHi, origClientOrderIdLo);
        }
        finally
        {
            ring.publish(seq);
        }
        return RejectReason.NONE;
    }

    /**
     * Asks to amend an order: new limit price and new total quantity, under a new client order id.
     *
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason amend(
        final int accountId,
        final long origClientOrderIdHi,
        final long origClientOrderIdLo,
        final long newClientOrderIdHi,
        final long newClientOrderIdLo,
        final long newPrice,
        final long newQuantity)
    {
        final long seq = tryClaim();
        if (seq < 0)
        {
            return RejectReason.RING_FULL;
        }
        try
        {
            ring.get(seq).setAmend(
                clock.nanoTime(), accountId, origClientOrderIdHi, origClientOrderIdLo,
                newClientOrderIdHi, newClientOrderIdLo, newPrice, newQuantity);
        }
        finally
        {
            ring.publish(seq);
        }
        return RejectReason.NONE;
    }

    /**
     * Publishes an operator control command (kill, reset, limit change).
     *
     * @param reason why, in the operator's words; journaled with the event.
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason control(final ControlAction action, final long value, final CharSequence reason)
    {
        final long seq = tryClaim();
        if (seq < 0)
        {
            return RejectReason.RING_FULL;
        }
        try
        {
            ring.get(seq).setControl(clock.nanoTime(), action, value, reason);
        }
        finally
        {
            ring.publish(seq);
        }
        return RejectReason.NONE;
    }

    /**
     * Fires the kill switch: the hook for operators and for triggers outside the engine (a feed
     * handler that saw corrupt data, compliance, DLQ depth). It is an input event, journaled like
     * any other, so a replay fires it again at the same point.
     *
     * @param trigger one of the triggers that arrive as control events
     *                ({@link KillTrigger#isFiredByControl()}).
     * @param reason  why, in words; journaled with the event.
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason fireKillSwitch(final KillTrigger trigger, final CharSequence reason)
    {
        if (!trigger.isFiredByControl())
        {
            throw new IllegalArgumentException("kill switch trigger " + trigger.label() +
                " is computed by the engine's watchdog; fire manual, feed_corruption, compliance_pause or external");
        }
        return control(ControlAction.KILL, trigger.code(), reason);
    }

    /**
     * Resets the kill switch. The engine refuses (and alerts on) a reset without a reason.
     *
     * @param reason why trading may resume; must not be blank.
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason resetKillSwitch(final CharSequence reason)
    {
        return control(ControlAction.RESET, 0, reason);
    }

    /**
     * Changes a risk limit at run time. The engine validates it as the configuration would, and
     * answers with a {@code LIMIT_CHANGED} or {@code LIMIT_CHANGE_REFUSED} alert.
     *
     * @param key          the limit's key ({@code "max_order_notional"}).
     * @param accountId    for a per-account limit, the account, or -1 for every account.
     * @param instrumentId for a per-instrument limit, the instrument, or -1 for every instrument.
     * @param value        the raw value in the limit's unit (fixed point for amounts and ratios).
     * @return {@link RejectReason#NONE} when published, {@link RejectReason#RING_FULL} otherwise.
     */
    public RejectReason changeLimit(final CharSequence key, final int accountId, final int instrumentId, final long value)
    {
        final long seq = tryClaim();
        if (seq < 0)
        {
            return RejectReason.RING_FULL;
        }
        try
        {
            final InboundEvent e = ring.get(seq).setControl(clock.nanoTime(), ControlAction.LIMIT_CHANGE, value, key);
            e.accountId = accountId;
            e.instrumentId = instrumentId;
        }
        finally
        {
            ring.publish(seq);
        }
        return RejectReason.NONE;
    }

    private long tryClaim()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counters.reject(RejectReason.RING_FULL);
            return -1;
        }
    }
}
