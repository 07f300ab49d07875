package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import java.util.Arrays;

/**
 * Which accounts the watchdog has halted for their intraday loss ({@code max_intraday_loss_pct}),
 * with the loss and the allowance it reached, for the reject that names them. Written by
 * {@link RiskWatchdog}, read by {@link PreTradeLayers} ({@link RiskLayer#ACCOUNT_LOSS_HALT}), and
 * lifted for every account by an operator's reset ({@link KillSwitchControl}).
 * <p>
 * Threading: BLP thread only.
 */
final class AccountHalts implements SnapshotState
{
    private final boolean[] halted;
    private final long[] loss;
    private final long[] allowance;

    AccountHalts(final int accountCount)
    {
        halted = new boolean[accountCount];
        loss = new long[accountCount];
        allowance = new long[accountCount];
    }

    boolean isHalted(final int accountId)
    {
        return halted[accountId];
    }

    /**
     * @return the loss that halted the account, fixed point.
     */
    long loss(final int accountId)
    {
        return loss[accountId];
    }

    /**
     * @return the allowance that loss reached, fixed point.
     */
    long allowance(final int accountId)
    {
        return allowance[accountId];
    }

    void halt(final int accountId, final long lossReached, final long allowanceReached)
    {
        halted[accountId] = true;
        loss[accountId] = lossReached;
        allowance[accountId] = allowanceReached;
    }

    void liftAll()
    {
        Arrays.fill(halted, false);
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putBooleans(halted);
        out.putLongs(loss);
        out.putLongs(allowance);
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getBooleans(halted, "halted");
        in.getLongs(loss, "loss");
        in.getLongs(allowance, "allowance");
    }
}
