package io.horizon.engine.output;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;

/**
 * One preallocated slot of the business-logic processor's output: a venue command, an
 * execution report or an alert. Flat and mutable, like {@link io.horizon.engine.event.InboundEvent}.
 * <p>
 * {@link #causeSequence} is the inbound-ring sequence of the event that produced this output; the
 * venue gateway acts on it only once that event is journaled, which is what makes
 * "journal before effect" hold.
 * <p>
 * Threading: written by the BLP thread between {@link Outbox#claim} and {@link Outbox#publish};
 * read by the gateway thread afterwards. Listeners must copy what they keep.
 */
public final class EngineOutput
{
    public OutputKind kind;
    /** Inbound sequence of the event that caused this output. */
    public long causeSequence;
    /** Type of that event. */
    public EventType causeType;
    /** Event time of that event, nanoseconds since the epoch. */
    public long timestampNanos;

    /** Report type, for {@link OutputKind#EXECUTION_REPORT}. */
    public ExecType execType;
    /** Order state after this output. */
    public OrderState state;
    /** Horizon's internal order id. */
    public long orderId;
    /** Current client order id of the order (high bits). */
    public long clientOrderIdHi;
    /** Current client order id of the order (low bits). */
    public long clientOrderIdLo;
    /** For amends and their reports: the client order id before the amend (high bits). */
    public long origClientOrderIdHi;
    /** For amends and their reports: the client order id before the amend (low bits). */
    public long origClientOrderIdLo;
    public int accountId;
    public int instrumentId;
    /**
     * Strategy that owns the order, -1 for an order from outside the BLP, or
     * {@code RiskContext.FLATTEN_STRATEGY_ID} (-2) for a kill switch's flatten order.
     */
    public int strategyId;
    public Side side;
    public OrderType orderType;
    /** Limit price (0 for market orders). */
    public long price;
    /** Total order quantity. */
    public long quantity;
    /** Quantity filled so far. */
    public long cumulativeQuantity;
    /** Quantity still open. */
    public long leavesQuantity;
    /** Price of the fill this report is about. */
    public long lastPrice;
    /** Quantity of the fill this report is about. */
    public long lastQuantity;
    /** Why, for rejects. */
    public RejectReason rejectReason = RejectReason.NONE;
    /** The value named by the reject reason. */
    public long rejectValue;
    /** The limit the reject broke, rendered by {@link RejectReason#describe(long, long)}; 0 when none. */
    public long rejectLimit;
    /** For {@link OutputKind#ALERT}: what happened. */
    public AlertKind alertKind;
    /** For alerts: the main code, per {@link AlertKind}. */
    public int alertCode;
    /** For alerts: a secondary code, per {@link AlertKind}. */
    public int alertDetail;
    /** For alerts: the observed value, per {@link AlertKind}. */
    public long alertValue;
    /** For alerts: the threshold or previous value, per {@link AlertKind}. */
    public long alertLimit;
    /** For alerts: where the operator should look. */
    public Runbook runbook = Runbook.NONE;
    /** For {@link OutputKind#ENGINE_ERROR}: what was raised. Cold path only. */
    public Throwable error;
    /**
     * For an amend the engine refused ({@link ExecType#REPLACE_REJECTED}): the price it asked for
     * (the report's {@link #price} is the order's own); {@link #UNKNOWN} otherwise, and in records
     * journaled before this field existed (journal schema 2).
     */
    public long amendPrice = UNKNOWN;
    /** For an amend the engine refused: the quantity it asked for; {@link #UNKNOWN} otherwise. */
    public long amendQuantity = UNKNOWN;

    /** {@link #amendPrice} and {@link #amendQuantity} when not known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * Resets every field.
     *
     * @return this.
     */
    public EngineOutput clear()
    {
        kind = null;
        causeSequence = -1;
        causeType = null;
        timestampNanos = 0;
        execType = null;
        state = null;
        orderId = 0;
        clientOrderIdHi = 0;
        clientOrderIdLo = 0;
        origClientOrderIdHi = 0;
        origClientOrderIdLo = 0;
        accountId = -1;
        instrumentId = -1;
        strategyId = -1;
        side = null;
        orderType = null;
        price = 0;
        quantity = 0;
        cumulativeQuantity = 0;
        leavesQuantity = 0;
        lastPrice = 0;
        lastQuantity = 0;
        rejectReason = RejectReason.NONE;
        rejectValue = 0;
        rejectLimit = 0;
        alertKind = null;
        alertCode = 0;
        alertDetail = 0;
        alertValue = 0;
        alertLimit = 0;
        runbook = Runbook.NONE;
        error = null;
        amendPrice = UNKNOWN;
        amendQuantity = UNKNOWN;
        return this;
    }

    /**
     * Copies every field of another output. Allocation-free.
     *
     * @param other the source.
     * @return this.
     */
    public EngineOutput copyFrom(final EngineOutput other)
    {
        kind = other.kind;
        causeSequence = other.causeSequence;
        causeType = other.causeType;
        timestampNanos = other.timestampNanos;
        execType = other.execType;
        state = other.state;
        orderId = other.orderId;
        clientOrderIdHi = other.clientOrderIdHi;
        clientOrderIdLo = other.clientOrderIdLo;
        origClientOrderIdHi = other.origClientOrderIdHi;
        origClientOrderIdLo = other.origClientOrderIdLo;
        accountId = other.accountId;
        instrumentId = other.instrumentId;
        strategyId = other.strategyId;
        side = other.side;
        orderType = other.orderType;
        price = other.price;
        quantity = other.quantity;
        cumulativeQuantity = other.cumulativeQuantity;
        leavesQuantity = other.leavesQuantity;
        lastPrice = other.lastPrice;
        lastQuantity = other.lastQuantity;
        rejectReason = other.rejectReason;
        rejectValue = other.rejectValue;
        rejectLimit = other.rejectLimit;
        alertKind = other.alertKind;
        alertCode = other.alertCode;
        alertDetail = other.alertDetail;
        alertValue = other.alertValue;
        alertLimit = other.alertLimit;
        runbook = other.runbook;
        error = other.error;
        amendPrice = other.amendPrice;
        amendQuantity = other.amendQuantity;
        return this;
    }

    /**
     * Compares the fields that make up the output's meaning (everything except the error object,
     * compared by class). Used by determinism checks and replay verification.
     *
     * @param o another output.
     * @return true when both describe the same output.
     */
    public boolean sameAs(final EngineOutput o)
    {
        return kind == o.kind &&
            causeSequence == o.causeSequence &&
            causeType == o.causeType &&
            timestampNanos == o.timestampNanos &&
            execType == o.execType &&
            state == o.state &&
            orderId == o.orderId &&
            clientOrderIdHi == o.clientOrderIdHi &&
            clientOrderIdLo == o.clientOrderIdLo &&
            origClientOrderIdHi == o.origClientOrderIdHi &&
            origClientOrderIdLo == o.origClientOrderIdLo &&
            accountId == o.accountId &&
            instrumentId == o.instrumentId &&
            strategyId == o.strategyId &&
            side == o.side &&
            orderType == o.orderType &&
            price == o.price &&
            quantity == o.quantity &&
            cumulativeQuantity == o.cumulativeQuantity &&
            leavesQuantity == o.leavesQuantity &&
            lastPrice == o.lastPrice &&
            lastQuantity == o.lastQuantity &&
            rejectReason == o.rejectReason &&
            rejectValue == o.rejectValue &&
            rejectLimit == o.rejectLimit &&
            alertKind == o.alertKind &&
            alertCode == o.alertCode &&
            alertDetail == o.alertDetail &&
            alertValue == o.alertValue &&
            alertLimit == o.alertLimit &&
            runbook == o.runbook &&
            // A record journaled before the asked amend was kept does not know it: not a difference.
            (amendPrice == UNKNOWN || o.amendPrice == UNKNOWN || amendPrice == o.amendPrice) &&
            (amendQuantity == UNKNOWN || o.amendQuantity == UNKNOWN || amendQuantity == o.amendQuantity) &&
            (error == null ? o.error == null : o.error != null && errorText(error).equals(errorText(o.error)));
    }

    /**
     * The text an error is journaled as: {@code class: message}. Cold path.
     *
     * @param error an error, live or read back from the journal.
     * @return its text.
     */
    public static String errorText(final Throwable error)
    {
        if (error instanceof JournaledError)
        {
            return error.getMessage();
        }
        final String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + message);
    }

    @Override
    public String toString()
    {
        if (kind == OutputKind.ALERT)
        {
            return "EngineOutput{ALERT " + alertKind +
                ", cause=" + causeSequence + ":" + causeType +
                ", ts=" + timestampNanos +
                ", code=" + alertCode +
                ", detail=" + alertDetail +
                ", account=" + accountId +
                ", instrument=" + instrumentId +
                ", value=" + alertValue +
                ", limit=" + alertLimit +
                ", runbook=" + runbook.path() + '}';
        }
        return "EngineOutput{" + kind +
            (execType != null ? " " + execType : "") +
            ", cause=" + causeSequence + ":" + causeType +
            ", ts=" + timestampNanos +
            ", orderId=" + orderId +
            ", state=" + state +
            ", account=" + accountId +
            ", instrument=" + instrumentId +
            ", strategy=" + strategyId +
            ", " + side + " " + orderType +
            " " + FixedPoint.format(quantity) + "@" + FixedPoint.format(price) +
            ", cum=" + FixedPoint.format(cumulativeQuantity) +
            ", leaves=" + FixedPoint.format(leavesQuantity) +
            ", last=" + FixedPoint.format(lastQuantity) + "@" + FixedPoint.format(lastPrice) +
            (rejectReason != RejectReason.NONE ? ", reject=" + rejectReason.describe(rejectValue, rejectLimit) : "") +
            (amendPrice != UNKNOWN ? ", asked=" + FixedPoint.format(amendQuantity) + "@" + FixedPoint.format(amendPrice) : "") +
            (error != null ? ", error=" + error : "") +
            '}';
    }
}
