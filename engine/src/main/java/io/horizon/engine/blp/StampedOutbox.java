package io.horizon.engine.blp;

import com.lmax.disruptor.Sequence;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.Order;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The BLP's side of the {@link Outbox}: every output it claims is stamped with its cause (the
 * inbound sequence and type being processed, and event time), so the venue gateway acts on it
 * only once that event is journaled, and replay can pair outputs with their inputs. The shapes
 * of the outputs (execution reports, venue commands, alerts, engine errors) are built here.
 * <p>
 * When the outbox is full it waits rather than letting the BLP decide differently (which would
 * break replay); before waiting it reports every earlier event as done, so the gateway, which is
 * gated on the BLP, can advance and drain.
 * <p>
 * Threading: BLP thread only. Allocation-free.
 */
final class StampedOutbox
{
    private final Outbox outbox;
    private final EngineCounters counters;
    private final IdleStrategy fullIdle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    private Sequence sequenceCallback;
    private long causeSequence = -1;
    private EventType causeType = EventType.NONE;
    private long nowNanos;

    StampedOutbox(final Outbox outbox, final EngineCounters counters)
    {
        this.outbox = outbox;
        this.counters = counters;
    }

    void sequenceCallback(final Sequence sequenceCallback)
    {
        this.sequenceCallback = sequenceCallback;
    }

    /**
     * The event now being processed: what every output claimed until the next call is stamped with.
     */
    void cause(final long sequence, final EventType type, final long eventNanos)
    {
        causeSequence = sequence;
        causeType = type;
        nowNanos = eventNanos;
    }

    /**
     * Makes the outputs claimed so far visible to the gateway.
     */
    void publish()
    {
        outbox.publish();
    }

    /**
     * @return a cleared output stamped with the current cause, for the caller to fill.
     */
    EngineOutput claim()
    {
        if (!outbox.hasCapacity())
        {
            outbox.publish();
            if (sequenceCallback != null)
            {
                sequenceCallback.set(causeSequence - 1);
            }
            counters.outboxFullWaits.incrementRelease();
            fullIdle.reset();
            while (!outbox.hasCapacity())
            {
                fullIdle.idle();
            }
        }
        final EngineOutput out = outbox.claim();
        out.causeSequence = causeSequence;
        out.causeType = causeType;
        out.timestampNanos = nowNanos;
        return out;
    }

    /**
     * An execution report describing the order as it is now.
     */
    EngineOutput report(
        final Order order,
        final ExecType execType,
        final RejectReason reason,
        final long value,
        final long lastPrice,
        final long lastQuantity)
    {
        final EngineOutput out = ofOrder(order, OutputKind.EXECUTION_REPORT);
        out.execType = execType;
        out.rejectReason = reason;
        out.rejectValue = value;
        out.lastPrice = lastPrice;
        out.lastQuantity = lastQuantity;
        return out;
    }

    /**
     * An execution report refusing a request that never became, or never found, an order: it
     * echoes the request's terms, with order id 0.
     */
    EngineOutput unbookedReport(
        final ExecType execType,
        final RejectReason reason,
        final long value,
        final int accountId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final long clientHi,
        final long clientLo)
    {
        final EngineOutput out = claim();
        out.kind = OutputKind.EXECUTION_REPORT;
        out.execType = execType;
        out.accountId = accountId;
        out.instrumentId = instrumentId;
        out.side = side;
        out.orderType = orderType;
        out.price = price;
        out.quantity = quantity;
        out.clientOrderIdHi = clientHi;
        out.clientOrderIdLo = clientLo;
        out.rejectReason = reason;
        out.rejectValue = value;
        return out;
    }

    /**
     * An output of the given kind (a venue command, a reconcile view, an engine error) carrying
     * the order as it is now.
     */
    EngineOutput ofOrder(final Order order, final OutputKind kind)
    {
        final EngineOutput out = claim();
        out.kind = kind;
        out.orderId = order.orderId();
        out.state = order.state();
        out.clientOrderIdHi = order.clientOrderIdHi();
        out.clientOrderIdLo = order.clientOrderIdLo();
        out.accountId = order.accountId();
        out.instrumentId = order.instrumentId();
        out.strategyId = order.strategyId();
        out.side = order.side();
        out.orderType = order.orderType();
        out.price = order.price();
        out.quantity = order.quantity();
        out.cumulativeQuantity = order.cumulativeQuantity();
        out.leavesQuantity = order.leavesQuantity();
        return out;
    }

    /**
     * An alert, for the caller to fill with its codes and numbers.
     */
    EngineOutput alert(final AlertKind kind, final Runbook runbook)
    {
        final EngineOutput out = claim();
        out.kind = OutputKind.ALERT;
        out.alertKind = kind;
        out.runbook = runbook;
        return out;
    }

    /**
     * Reports an exception raised while processing the current event; never throws, since the
     * error is already counted and a second failure must not stop the pipeline.
     */
    void error(final Throwable t)
    {
        try
        {
            final EngineOutput out = claim();
            out.kind = OutputKind.ENGINE_ERROR;
            out.error = t;
        }
        catch (final Throwable ignore)
        {
            // Counted by the caller already.
        }
    }
}
