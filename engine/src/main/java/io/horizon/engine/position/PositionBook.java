package io.horizon.engine.position;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.Side;
import io.horizon.engine.market.MarketState;
import io.horizon.engine.reference.ReferenceData;

/**
 * Positions, cash, realised and unrealised PnL, and equity per account, from fills.
 * <p>
 * Average-cost accounting: adding to a position moves its average price; reducing it realises
 * {@code (fill - average) * quantity} in the position's direction; crossing through flat
 * realises the closed part and opens the rest at the fill price. Cash moves by the fill's
 * notional. Equity is cash plus every position marked at {@link MarketState#markPrice}.
 * All values are {@link FixedPoint}. No allocation.
 * <p>
 * Overflow: no sum or product here wraps. A product that does not fit a long
 * ({@link FixedPoint#OVERFLOW}) and a sum past the range saturate at {@code +Long.MAX_VALUE} or
 * {@code -Long.MAX_VALUE}, in the sign they had, so a position never flips side, gross exposure
 * is never negative (an absurd one reads as {@code Long.MAX_VALUE}, which every leverage limit
 * rejects) and cash, PnL and equity stay on the side they were heading. Branches only, no
 * exceptions, no allocation.
 * <p>
 * Threading: BLP thread only.
 */
public final class PositionBook implements SnapshotState
{
    private final int instruments;
    private final MarketState market;
    private final long[] quantity;
    private final long[] averagePrice;
    private final long[] cash;
    private final long[] realisedPnl;
    private final long[] startingCash;

    /**
     * @param referenceData accounts (with starting cash) and instruments.
     * @param market        where marks come from.
     */
    public PositionBook(final ReferenceData referenceData, final MarketState market)
    {
        this.instruments = referenceData.instrumentCount();
        this.market = market;
        final int accounts = referenceData.accountCount();
        quantity = new long[accounts * instruments];
        averagePrice = new long[accounts * instruments];
        cash = new long[accounts];
        realisedPnl = new long[accounts];
        startingCash = new long[accounts];
        for (int a = 0; a < accounts; a++)
        {
            startingCash[a] = referenceData.account(a).startingCash();
            cash[a] = startingCash[a];
        }
    }

    /**
     * Applies a fill.
     *
     * @param accountId    valid account id.
     * @param instrumentId valid instrument id.
     * @param side         the order's side.
     * @param price        fill price, fixed point.
     * @param fillQuantity fill quantity, fixed point, > 0.
     */
    public void onFill(final int accountId, final int instrumentId, final Side side, final long price, final long fillQuantity)
    {
        final int i = accountId * instruments + instrumentId;
        final long signedFill = side == Side.BUY ? fillQuantity : -fillQuantity;
        final long position = quantity[i];
        final long notional = product(price, fillQuantity);
        cash[accountId] = add(cash[accountId], side == Side.BUY ? -notional : notional);

        if (position == 0 || Long.signum(position) == Long.signum(signedFill))
        {
            final long newAbs = add(Math.abs(position), fillQuantity);
            // new average = old average + (price - old average) * fill / new size
            averagePrice[i] += FixedPoint.mulDiv(price - averagePrice[i], fillQuantity, newAbs);
            quantity[i] = add(position, signedFill);
            return;
        }

        final long closing = Math.min(Math.abs(position), fillQuantity);
        final long pnlPerUnit = position > 0 ? price - averagePrice[i] : averagePrice[i] - price;
        realisedPnl[accountId] = add(realisedPnl[accountId], product(pnlPerUnit, closing));
        final long newPosition = position + signedFill;
        quantity[i] = newPosition;
        if (newPosition == 0)
        {
            averagePrice[i] = 0;
        }
        else if (Long.signum(newPosition) != Long.signum(position))
        {
            averagePrice[i] = price;
        }
    }

    /**
     * @return signed position, fixed point: positive long, negative short.
     */
    public long position(final int accountId, final int instrumentId)
    {
        return quantity[accountId * instruments + instrumentId];
    }

    /**
     * @return average entry price of the open position, or 0 when flat.
     */
    public long averagePrice(final int accountId, final int instrumentId)
    {
        return averagePrice[accountId * instruments + instrumentId];
    }

    public long cash(final int accountId)
    {
        return cash[accountId];
    }

    public long startingCash(final int accountId)
    {
        return startingCash[accountId];
    }

    public long realisedPnl(final int accountId)
    {
        return realisedPnl[accountId];
    }

    /**
     * @return PnL of open positions against their marks; positions without a mark count as 0.
     */
    public long unrealisedPnl(final int accountId)
    {
        long total = 0;
        final int base = accountId * instruments;
        for (int k = 0; k < instruments; k++)
        {
            final long q = quantity[base + k];
            final long mark = market.markPrice(k);
            if (q != 0 && mark > 0)
            {
                total = add(total, product(mark - averagePrice[base + k], q));
            }
        }
        return total;
    }

    /**
     * @return cash plus every position at its mark (at its average price when unmarked).
     */
    public long equity(final int accountId)
    {
        long total = cash[accountId];
        final int base = accountId * instruments;
        for (int k = 0; k < instruments; k++)
        {
            final long q = quantity[base + k];
            if (q != 0)
            {
                final long mark = market.markPrice(k);
                total = add(total, product(mark > 0 ? mark : averagePrice[base + k], q));
            }
        }
        return total;
    }

    /**
     * @return sum of |position| at mark, the account's gross exposure.
     */
    public long grossExposure(final int accountId)
    {
        long total = 0;
        final int base = accountId * instruments;
        for (int k = 0; k < instruments; k++)
        {
            final long q = quantity[base + k];
            if (q != 0)
            {
                final long mark = market.markPrice(k);
                // product() never returns Long.MIN_VALUE, so Math.abs is never negative here.
                total = add(total, Math.abs(product(mark > 0 ? mark : averagePrice[base + k], q)));
            }
        }
        return total;
    }

    /**
     * @return {@code x + y}, saturated at {@code ±Long.MAX_VALUE} instead of wrapping.
     */
    static long add(final long x, final long y)
    {
        final long r = x + y;
        if (((x ^ r) & (y ^ r)) < 0)
        {
            return x < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
        }
        return r == Long.MIN_VALUE ? -Long.MAX_VALUE : r;
    }

    /**
     * @return the fixed-point product, saturated at {@code ±Long.MAX_VALUE} where it does not fit.
     */
    static long product(final long a, final long b)
    {
        final long p = FixedPoint.multiply(a, b);
        if (p != FixedPoint.OVERFLOW)
        {
            return p;
        }
        return (a < 0) != (b < 0) ? -Long.MAX_VALUE : Long.MAX_VALUE;
    }

    /**
     * @return number of non-flat positions of one account.
     */
    public int openPositions(final int accountId)
    {
        int n = 0;
        final int base = accountId * instruments;
        for (int k = 0; k < instruments; k++)
        {
            if (quantity[base + k] != 0)
            {
                n++;
            }
        }
        return n;
    }

    /**
     * @return number of non-flat positions across all accounts.
     */
    public int openPositions()
    {
        int n = 0;
        for (final long q : quantity)
        {
            if (q != 0)
            {
                n++;
            }
        }
        return n;
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLongs(quantity);
        out.putLongs(averagePrice);
        out.putLongs(cash);
        out.putLongs(realisedPnl);
        out.putLongs(startingCash);
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getLongs(quantity, "quantity");
        in.getLongs(averagePrice, "average price");
        in.getLongs(cash, "cash");
        in.getLongs(realisedPnl, "realised pnl");
        in.getLongs(startingCash, "starting cash");
    }
}
