package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.RejectReason;

/**
 * Rejects in a row, as counted toward {@code max_consecutive_rejects}: the watchdog engages the
 * kill switch when the streak reaches the limit.
 * <p>
 * Only rejects that say an order was wrong (sanity, price bounds, notional, market orders off,
 * price deviation, exposure) and venue rejects count. Throttles and halts (kill switch, account
 * halt, rate, per-tick, cooldown, paused feed, stale or missing quote, dedup) reject in bursts by
 * design and would otherwise turn every throttle into a kill. The streak restarts when the venue
 * acknowledges or fills an order, and on a reset.
 * <p>
 * Threading: BLP thread only; the gauge it publishes may be read from any thread.
 */
final class RejectStreak implements SnapshotState
{
    private static final boolean[] COUNTED = new boolean[RejectReason.values().length];

    static
    {
        final RejectReason[] counted = {
            RejectReason.INVALID_QUANTITY, RejectReason.INVALID_PRICE, RejectReason.PRICE_OVERFLOW,
            RejectReason.PRICE_BELOW_MIN, RejectReason.PRICE_ABOVE_MAX, RejectReason.NOTIONAL_LIMIT,
            RejectReason.MARKET_ORDERS_DISABLED, RejectReason.PRICE_DEVIATION, RejectReason.POSITION_LIMIT,
            RejectReason.LEVERAGE_LIMIT};
        for (final RejectReason r : counted)
        {
            COUNTED[r.ordinal()] = true;
        }
    }

    private final RiskCounters counters;
    private long length;

    RejectStreak(final RiskCounters counters)
    {
        this.counters = counters;
    }

    /**
     * A risk layer rejected an order: extends the streak when the reason says the order was wrong.
     */
    void onRiskReject(final RejectReason reason)
    {
        if (COUNTED[reason.ordinal()])
        {
            set(length + 1);
        }
    }

    /**
     * The venue rejected an order: always extends the streak.
     */
    void onVenueReject()
    {
        set(length + 1);
    }

    /**
     * An ack, a fill or a reset: the streak starts again.
     */
    void restart()
    {
        set(0);
    }

    long length()
    {
        return length;
    }

    private void set(final long n)
    {
        length = n;
        counters.consecutiveRejects.setRelease(n);
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLong(length);
    }

    @Override
    public void readState(final StateReader in)
    {
        length = in.getLong("length");
        counters.consecutiveRejects.setRelease(length);
    }
}
