package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.order.Order;
import io.horizon.engine.position.PositionBook;

/**
 * The stop-loss cooldown per account and instrument: when one fill realises a loss of at least
 * {@code stop_out_loss}, the account may add no new risk on that instrument for
 * {@code stop_loss_cooldown_ms} of event time. Fills feed it ({@link #onFill}); the
 * {@link RiskLayer#STOP_LOSS_COOLDOWN} layer reads it ({@link #untilNanos}).
 * <p>
 * Threading: BLP thread only. Allocation-free after construction.
 */
final class StopOutCooldowns implements SnapshotState
{
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final LimitTable limits;
    private final PositionBook positions;
    private final int instrumentCount;
    private final long[] cooldownUntilNanos;
    private final long[] lastRealisedPnl;

    StopOutCooldowns(final LimitTable limits, final PositionBook positions, final int accountCount, final int instrumentCount)
    {
        this.limits = limits;
        this.positions = positions;
        this.instrumentCount = instrumentCount;
        this.cooldownUntilNanos = new long[accountCount * instrumentCount];
        this.lastRealisedPnl = new long[accountCount];
    }

    /**
     * A fill was applied to the order's position: starts a cooldown when it realised a stop-out loss.
     *
     * @param order    the filled order.
     * @param nowNanos event time.
     */
    void onFill(final Order order, final long nowNanos)
    {
        final int a = order.accountId();
        final long realised = positions.realisedPnl(a);
        final long change = realised - lastRealisedPnl[a];
        lastRealisedPnl[a] = realised;
        final long stopOutLoss = limits.account(RiskLimit.STOP_OUT_LOSS, a);
        final long cooldownMillis = limits.account(RiskLimit.STOP_LOSS_COOLDOWN_MS, a);
        if (stopOutLoss > 0 && cooldownMillis > 0 && -change >= stopOutLoss)
        {
            cooldownUntilNanos[a * instrumentCount + order.instrumentId()] = nowNanos + cooldownMillis * NANOS_PER_MILLI;
        }
    }

    /**
     * @return event time the account's cooldown on the instrument ends; in the past when there is none.
     */
    long untilNanos(final int accountId, final int instrumentId)
    {
        return cooldownUntilNanos[accountId * instrumentCount + instrumentId];
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLongs(cooldownUntilNanos);
        out.putLongs(lastRealisedPnl);
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getLongs(cooldownUntilNanos, "cooldown until nanos");
        in.getLongs(lastRealisedPnl, "last realised pnl");
    }
}
