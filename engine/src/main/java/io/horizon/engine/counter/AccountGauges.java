package io.horizon.engine.counter;

import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.ReferenceData;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Each account's equity and number of open positions as gauges, so the metrics exporter can
 * publish them without ever reading the BLP's {@link PositionBook} from another thread:
 * {@code horizon_equity_usd{account}} (a {@link EngineCounters#TYPE_GAUGE_FIXED} value) and
 * {@code horizon_positions_open{venue,account}}.
 * <p>
 * The BLP calls {@link #publish} at a rate bounded by event time ({@link #INTERVAL_NANOS}), not
 * the wall clock, so replay and recovery publish the same values at the same events.
 * Allocation-free: the counters are allocated per account at construction.
 * <p>
 * Threading: {@link #publish} on the BLP thread only, the single writer.
 */
public final class AccountGauges
{
    /** Event time between two publications: 100 ms. */
    public static final long INTERVAL_NANOS = 100_000_000L;

    private final AtomicCounter[] equity;
    private final AtomicCounter[] positionsOpen;

    /**
     * @param counters      where the gauges are allocated.
     * @param referenceData the accounts.
     * @param venue         the venue's name, for the {@code venue} label of open positions.
     */
    public AccountGauges(final EngineCounters counters, final ReferenceData referenceData, final String venue)
    {
        final int accounts = referenceData.accountCount();
        equity = new AtomicCounter[accounts];
        positionsOpen = new AtomicCounter[accounts];
        for (final Account account : referenceData.accounts())
        {
            final String name = EngineCounters.labelValue(account.name());
            equity[account.id()] = counters.counter(
                "horizon_equity_usd{account=\"" + name + "\"}", EngineCounters.TYPE_GAUGE_FIXED);
            positionsOpen[account.id()] = counters.counter(
                "horizon_positions_open{venue=\"" + EngineCounters.labelValue(venue) + "\",account=\"" + name + "\"}",
                EngineCounters.TYPE_GAUGE);
            equity[account.id()].setRelease(account.startingCash());
        }
    }

    /**
     * Writes every account's equity and open positions. BLP thread.
     *
     * @param positions the BLP's position book.
     */
    public void publish(final PositionBook positions)
    {
        for (int a = 0; a < equity.length; a++)
        {
            equity[a].setRelease(positions.equity(a));
            positionsOpen[a].setRelease(positions.openPositions(a));
        }
    }
}
