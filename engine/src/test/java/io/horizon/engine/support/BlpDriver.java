package io.horizon.engine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.venue.VenueResponseEvents;

/**
 * Test fixture: the real business-logic processor driven by hand, one event at a time, on the
 * test thread, with no Disruptor, venue or timer. Time is whatever the test stamps on each event,
 * so a test can put an event exactly at a boundary. Every output is copied and kept.
 * <p>
 * Venue responses are whatever the test sends ({@link #ack}, {@link #fill}, ...), which makes the
 * order lifecycle around risk fully scripted.
 */
public final class BlpDriver
{
    /** 2026-11-29T00:00:00Z, a base for event times. */
    public static final long T0 = 1_795_910_400_000_000_000L;
    public static final long MILLIS = 1_000_000L;
    public static final long SECONDS = 1_000_000_000L;
    public static final int FEED = 1;

    private final ReferenceData referenceData;
    private final EngineCounters counters;
    private final Outbox outbox;
    private final BusinessLogicProcessor blp;
    private final InboundEvent event = new InboundEvent();
    private final List<EngineOutput> outputs = new ArrayList<>();
    private final long[] feedSequence = new long[8];
    private long sequence;
    private long nextClientOrderId = 1;
    private long lastTimestamp = T0;

    public BlpDriver(final PreTradeRisk risk, final Strategy... strategies)
    {
        this(TestMarkets.referenceData(), risk, strategies);
    }

    public BlpDriver(final ReferenceData referenceData, final PreTradeRisk risk, final Strategy... strategies)
    {
        this(referenceData, new EngineCounters(), risk, strategies);
    }

    public BlpDriver(
        final ReferenceData referenceData, final EngineCounters counters, final PreTradeRisk risk, final Strategy... strategies)
    {
        this.referenceData = referenceData;
        this.counters = counters;
        this.outbox = new Outbox(1024);
        this.blp = new BusinessLogicProcessor(referenceData, 256, 7, outbox, counters, risk, List.of(strategies));
    }

    public BusinessLogicProcessor blp()
    {
        return blp;
    }

    public EngineCounters counters()
    {
        return counters;
    }

    public ReferenceData referenceData()
    {
        return referenceData;
    }

    /**
     * @return the event time of the last event sent.
     */
    public long now()
    {
        return lastTimestamp;
    }

    private List<EngineOutput> process(final long timestampNanos)
    {
        lastTimestamp = timestampNanos;
        blp.onEvent(event, sequence++, true);
        final List<EngineOutput> produced = new ArrayList<>();
        EngineOutput out;
        while ((out = outbox.peek()) != null)
        {
            produced.add(new EngineOutput().copyFrom(out));
            outbox.consume();
        }
        outputs.addAll(produced);
        return produced;
    }

    // ------------------------------------------------------------------------------------------
    // Inputs
    // ------------------------------------------------------------------------------------------

    /**
     * A two-sided quote on {@link #FEED} with the next feed sequence.
     */
    public List<EngineOutput> quote(final long ts, final int instrumentId, final double bid, final double ask)
    {
        return quoteFrom(ts, FEED, ++feedSequence[FEED], instrumentId, bid, ask);
    }

    public List<EngineOutput> quoteFrom(
        final long ts, final int feedId, final long feedSeq, final int instrumentId, final double bid, final double ask)
    {
        if (feedId >= 0 && feedId < feedSequence.length)
        {
            feedSequence[feedId] = Math.max(feedSequence[feedId], feedSeq);
        }
        event.setQuote(ts, feedId, feedSeq, instrumentId, TestMarkets.px(bid), TestMarkets.qty(1_000), TestMarkets.px(ask),
            TestMarkets.qty(1_000));
        return process(ts);
    }

    public List<EngineOutput> trade(final long ts, final int instrumentId, final double price)
    {
        event.setTrade(ts, FEED, ++feedSequence[FEED], instrumentId, TestMarkets.px(price), TestMarkets.qty(1), Side.BUY);
        return process(ts);
    }

    /**
     * A client order; the result is the first report about it (PENDING_NEW or REJECTED).
     */
    public EngineOutput order(
        final long ts, final int accountId, final int instrumentId, final Side side, final OrderType type,
        final double price, final double quantity)
    {
        final long clientLo = nextClientOrderId++;
        event.setNewOrder(ts, accountId, instrumentId, side, type, TestMarkets.px(price), TestMarkets.px(quantity), 9, clientLo);
        final List<EngineOutput> produced = process(ts);
        for (final EngineOutput out : produced)
        {
            if (out.kind == OutputKind.EXECUTION_REPORT && out.clientOrderIdLo == clientLo)
            {
                return out;
            }
        }
        throw new AssertionError("no report for client order " + clientLo + " in " + produced);
    }

    public EngineOutput buy(final long ts, final int instrumentId, final double price, final double quantity)
    {
        return order(ts, TestMarkets.ALICE, instrumentId, Side.BUY, OrderType.LIMIT, price, quantity);
    }

    public EngineOutput sell(final long ts, final int instrumentId, final double price, final double quantity)
    {
        return order(ts, TestMarkets.ALICE, instrumentId, Side.SELL, OrderType.LIMIT, price, quantity);
    }

    /**
     * An amend of a client order by its current client order id; returns the report about it.
     */
    public EngineOutput amend(final long ts, final EngineOutput order, final double newPrice, final double newQuantity)
    {
        final long newLo = nextClientOrderId++;
        event.setAmend(ts, order.accountId, order.clientOrderIdHi, order.clientOrderIdLo, 9, newLo,
            TestMarkets.px(newPrice), TestMarkets.px(newQuantity));
        final List<EngineOutput> produced = process(ts);
        for (final EngineOutput out : produced)
        {
            if (out.kind == OutputKind.EXECUTION_REPORT && out.clientOrderIdLo == newLo)
            {
                return out;
            }
        }
        throw new AssertionError("no report for amend " + newLo + " in " + produced);
    }

    public List<EngineOutput> heartbeat(final long ts)
    {
        event.setHeartbeat(ts);
        return process(ts);
    }

    public List<EngineOutput> control(final long ts, final ControlAction action, final long value, final String text)
    {
        event.setControl(ts, action, value, text);
        return process(ts);
    }

    public List<EngineOutput> changeLimit(
        final long ts, final String key, final int accountId, final int instrumentId, final long value)
    {
        event.setControl(ts, ControlAction.LIMIT_CHANGE, value, key);
        event.accountId = accountId;
        event.instrumentId = instrumentId;
        return process(ts);
    }

    public List<EngineOutput> ack(final long ts, final long orderId)
    {
        final EngineOutput order = lastAbout(orderId);
        event.setVenueResponse(EventType.VENUE_ACK, ts, 1, orderId, order.accountId, order.instrumentId);
        event.venueOrderId = 1_000 + orderId;
        return process(ts);
    }

    public List<EngineOutput> reject(final long ts, final long orderId)
    {
        final EngineOutput order = lastAbout(orderId);
        event.setVenueResponse(EventType.VENUE_REJECT, ts, 1, orderId, order.accountId, order.instrumentId);
        event.rejectReason = RejectReason.VENUE_REJECTED;
        return process(ts);
    }

    public List<EngineOutput> fill(final long ts, final long orderId, final double price, final double quantity)
    {
        final EngineOutput order = lastAbout(orderId);
        event.setVenueResponse(EventType.VENUE_FILL, ts, 1, orderId, order.accountId, order.instrumentId);
        event.price = TestMarkets.px(price);
        event.quantity = TestMarkets.px(quantity);
        return process(ts);
    }

    public List<EngineOutput> canceled(final long ts, final long orderId)
    {
        final EngineOutput order = lastAbout(orderId);
        event.setVenueResponse(EventType.VENUE_CANCEL_ACK, ts, 1, orderId, order.accountId, order.instrumentId);
        return process(ts);
    }

    /**
     * The venue could not carry out the command (a FIX venue held it while its session was down,
     * then refused it): the {@code VENUE_ERROR} the gateway's responses make of it, naming the
     * command and its terms.
     *
     * @param command the engine's VENUE_NEW, VENUE_CANCEL or VENUE_AMEND output.
     * @param reason  the venue's reason.
     */
    public List<EngineOutput> venueError(final long ts, final EngineOutput command, final String reason)
    {
        final List<EngineOutput> produced = new ArrayList<>();
        final VenueResponseEvents.EventSlots slots = new VenueResponseEvents.EventSlots()
        {
            @Override
            public InboundEvent claim()
            {
                return event;
            }

            @Override
            public void commit(final InboundEvent written)
            {
                produced.addAll(process(ts));
            }
        };
        new VenueResponseEvents(slots, () -> ts, 1).venueError(command, new IllegalStateException(reason));
        return produced;
    }

    /**
     * Buys and sells through the venue so that the account ends up holding a position: order,
     * ack and full fill at the given price.
     */
    public void trade(final long ts, final int instrumentId, final Side side, final double price, final double quantity)
    {
        final EngineOutput o = order(ts, TestMarkets.ALICE, instrumentId, side, OrderType.LIMIT, price, quantity);
        if (o.execType != ExecType.PENDING_NEW)
        {
            throw new AssertionError("setup order rejected: " + o);
        }
        ack(ts, o.orderId);
        fill(ts, o.orderId, price, quantity);
    }

    // ------------------------------------------------------------------------------------------
    // Outputs
    // ------------------------------------------------------------------------------------------

    public List<EngineOutput> outputs()
    {
        return new ArrayList<>(outputs);
    }

    public List<EngineOutput> matching(final Predicate<EngineOutput> filter)
    {
        final List<EngineOutput> out = new ArrayList<>();
        for (final EngineOutput o : outputs)
        {
            if (filter.test(o))
            {
                out.add(o);
            }
        }
        return out;
    }

    public List<EngineOutput> alerts(final AlertKind kind)
    {
        return matching(o -> o.kind == OutputKind.ALERT && o.alertKind == kind);
    }

    public static List<EngineOutput> alertsIn(final List<EngineOutput> outputs, final AlertKind kind)
    {
        final List<EngineOutput> out = new ArrayList<>();
        for (final EngineOutput o : outputs)
        {
            if (o.kind == OutputKind.ALERT && o.alertKind == kind)
            {
                out.add(o);
            }
        }
        return out;
    }

    public void clearOutputs()
    {
        outputs.clear();
    }

    private EngineOutput lastAbout(final long orderId)
    {
        for (int k = outputs.size() - 1; k >= 0; k--)
        {
            final EngineOutput o = outputs.get(k);
            if (o.orderId == orderId && o.kind != OutputKind.ALERT)
            {
                return o;
            }
        }
        throw new AssertionError("no output about order " + orderId);
    }

    /**
     * @return a one-line human rendering of a reject, e.g. "notional 60000 exceeds max_order_notional 50000".
     */
    public static String describe(final EngineOutput report)
    {
        return report.rejectReason.describe(report.rejectValue, report.rejectLimit);
    }
}
