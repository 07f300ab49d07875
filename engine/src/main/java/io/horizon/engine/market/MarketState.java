package io.horizon.engine.market;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.InboundEvent;

/**
 * The last quote and trade per instrument, as the business-logic processor has seen them.
 * Flat arrays indexed by instrument id; no allocation.
 * <p>
 * Threading: written and read by the BLP thread only. A simulated venue keeps its own copy on
 * its own thread.
 */
public final class MarketState implements SnapshotState
{
    private final long[] bidPrice;
    private final long[] bidQuantity;
    private final long[] askPrice;
    private final long[] askQuantity;
    private final long[] quoteTimeNanos;
    private final long[] lastTradePrice;
    private final long[] lastTradeTimeNanos;

    /**
     * @param instrumentCount number of instruments in the reference data.
     */
    public MarketState(final int instrumentCount)
    {
        bidPrice = new long[instrumentCount];
        bidQuantity = new long[instrumentCount];
        askPrice = new long[instrumentCount];
        askQuantity = new long[instrumentCount];
        quoteTimeNanos = new long[instrumentCount];
        lastTradePrice = new long[instrumentCount];
        lastTradeTimeNanos = new long[instrumentCount];
    }

    /**
     * Applies a quote or trade event for a valid instrument.
     */
    public void apply(final InboundEvent event)
    {
        final int i = event.instrumentId;
        switch (event.type)
        {
            case QUOTE:
                bidPrice[i] = event.bidPrice;
                bidQuantity[i] = event.bidQuantity;
                askPrice[i] = event.askPrice;
                askQuantity[i] = event.askQuantity;
                quoteTimeNanos[i] = event.timestampNanos;
                break;
            case TRADE:
                lastTradePrice[i] = event.price;
                lastTradeTimeNanos[i] = event.timestampNanos;
                break;
            default:
                break;
        }
    }

    public long bidPrice(final int instrumentId)
    {
        return bidPrice[instrumentId];
    }

    public long bidQuantity(final int instrumentId)
    {
        return bidQuantity[instrumentId];
    }

    public long askPrice(final int instrumentId)
    {
        return askPrice[instrumentId];
    }

    public long askQuantity(final int instrumentId)
    {
        return askQuantity[instrumentId];
    }

    /**
     * @return event time of the last quote, or 0 when none was seen.
     */
    public long quoteTimeNanos(final int instrumentId)
    {
        return quoteTimeNanos[instrumentId];
    }

    public long lastTradePrice(final int instrumentId)
    {
        return lastTradePrice[instrumentId];
    }

    public long lastTradeTimeNanos(final int instrumentId)
    {
        return lastTradeTimeNanos[instrumentId];
    }

    /**
     * @return true when both sides of the last quote have a positive price.
     */
    public boolean hasTwoSidedQuote(final int instrumentId)
    {
        return bidPrice[instrumentId] > 0 && askPrice[instrumentId] > 0;
    }

    /**
     * @return true when the quote's bid is above its ask (a fat-fingered or broken quote; a locked
     *         quote, bid equal to ask, is not crossed).
     */
    public boolean isCrossed(final int instrumentId)
    {
        return hasTwoSidedQuote(instrumentId) && bidPrice[instrumentId] > askPrice[instrumentId];
    }

    /**
     * The price positions are marked at: the quote's mid when two-sided, else the last trade,
     * else 0 (unknown).
     */
    public long markPrice(final int instrumentId)
    {
        if (hasTwoSidedQuote(instrumentId))
        {
            return (bidPrice[instrumentId] + askPrice[instrumentId]) / 2;
        }
        return lastTradePrice[instrumentId];
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putLongs(bidPrice);
        out.putLongs(bidQuantity);
        out.putLongs(askPrice);
        out.putLongs(askQuantity);
        out.putLongs(quoteTimeNanos);
        out.putLongs(lastTradePrice);
        out.putLongs(lastTradeTimeNanos);
    }

    @Override
    public void readState(final StateReader in)
    {
        in.getLongs(bidPrice, "bid price");
        in.getLongs(bidQuantity, "bid quantity");
        in.getLongs(askPrice, "ask price");
        in.getLongs(askQuantity, "ask quantity");
        in.getLongs(quoteTimeNanos, "quote time nanos");
        in.getLongs(lastTradePrice, "last trade price");
        in.getLongs(lastTradeTimeNanos, "last trade time nanos");
    }
}
