package io.horizon.engine.risk;

import io.horizon.engine.event.RejectReason;

/**
 * The mutable answer of a risk check: accept, or a reason and the value that caused it.
 * One instance is reused by the BLP for every order.
 * <p>
 * Threading: BLP thread only.
 */
public final class RiskVerdict
{
    private RejectReason reason = RejectReason.NONE;
    private long value;

    /**
     * Resets to "accepted".
     *
     * @return this.
     */
    public RiskVerdict accept()
    {
        reason = RejectReason.NONE;
        value = 0;
        return this;
    }

    /**
     * Records a reject.
     *
     * @param reason why.
     * @param value  the value the reason names.
     * @return false, so a check can {@code return verdict.reject(...)}.
     */
    public boolean reject(final RejectReason reason, final long value)
    {
        this.reason = reason;
        this.value = value;
        return false;
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
}
