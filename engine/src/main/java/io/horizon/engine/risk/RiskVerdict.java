package io.horizon.engine.risk;

import io.horizon.engine.event.RejectReason;

/**
 * The mutable answer of a risk check: accept (possibly with a smaller quantity), or a reason, the
 * value that caused it and the limit it broke. One instance is reused by the BLP for every order.
 * <p>
 * Threading: BLP thread only.
 */
public final class RiskVerdict
{
    private RejectReason reason = RejectReason.NONE;
    private long value;
    private long limit;
    private long adjustedQuantity;

    /**
     * Resets to "accepted", as sent.
     *
     * @return this.
     */
    public RiskVerdict accept()
    {
        reason = RejectReason.NONE;
        value = 0;
        limit = 0;
        adjustedQuantity = 0;
        return this;
    }

    /**
     * Records a reject that names one value.
     *
     * @param reason why.
     * @param value  the value the reason names.
     * @return false, so a check can {@code return verdict.reject(...)}.
     */
    public boolean reject(final RejectReason reason, final long value)
    {
        return reject(reason, value, 0);
    }

    /**
     * Records a reject that names the offending value and the limit in force.
     *
     * @param reason why.
     * @param value  the value the reason names.
     * @param limit  the limit it broke, as {@link RejectReason#limitKind()} renders it.
     * @return false, so a check can {@code return verdict.reject(...)}.
     */
    public boolean reject(final RejectReason reason, final long value, final long limit)
    {
        this.reason = reason;
        this.value = value;
        this.limit = limit;
        this.adjustedQuantity = 0;
        return false;
    }

    /**
     * Accepts the order only at a smaller quantity (for example shrunk to fit a notional cap).
     * The BLP books the order at this quantity before sending it.
     *
     * @param quantity the quantity to send, fixed point, > 0 and below the order's.
     */
    public void adjustQuantity(final long quantity)
    {
        this.adjustedQuantity = quantity;
    }

    /**
     * @return true when no check rejected.
     */
    public boolean isAccepted()
    {
        return reason == RejectReason.NONE;
    }

    public RejectReason reason()
    {
        return reason;
    }

    public long value()
    {
        return value;
    }

    /**
     * @return the limit named by the reject, or 0.
     */
    public long limit()
    {
        return limit;
    }

    /**
     * @return the quantity risk accepted the order at, or 0 when unchanged.
     */
    public long adjustedQuantity()
    {
        return adjustedQuantity;
    }
}
