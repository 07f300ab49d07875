package io.horizon.engine.venue.paper;

import io.horizon.engine.event.Side;

/**
 * What the {@link PaperVenue} knows about one instrument: the market's last top of book, less
 * whatever our own fills have taken from it since, and our resting orders on each side in
 * priority order.
 * <p>
 * Each side is an intrusive doubly linked list of {@link RestingOrder}s, best first: buys by
 * price descending, sells by price ascending, then by arrival. An order joins at the back of its
 * price level, which is where a new arrival (or one that lost priority) belongs; the search walks
 * from the tail because that is where most new orders land. Books are small, so the walk is cheap
 * and needs no level objects.
 * <p>
 * Threading: owned by one {@link PaperVenue}; gateway thread only.
 */
final class PaperBook
{
    /** True once the first quote for the instrument has arrived. */
    boolean hasQuote;
    long bidPrice;
    /** Displayed bid size still available to our orders. */
    long bidQuantity;
    long askPrice;
    /** Displayed ask size still available to our orders. */
    long askQuantity;

    private RestingOrder bestBuy;
    private RestingOrder lastBuy;
    private RestingOrder bestSell;
    private RestingOrder lastSell;

    void quote(final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
    {
        hasQuote = true;
        this.bidPrice = bidPrice;
        this.bidQuantity = bidQuantity;
        this.askPrice = askPrice;
        this.askQuantity = askQuantity;
    }

    /**
     * @param side the side of the order that would take liquidity.
     * @return true when the opposite side of the stored quote has a price and size left.
     */
    boolean hasLiquidityFor(final Side side)
    {
        return side == Side.BUY ? askPrice > 0 && askQuantity > 0 : bidPrice > 0 && bidQuantity > 0;
    }

    /**
     * @param side the side of the order that would take liquidity.
     * @return the touch price that side trades at: the ask for a buy, the bid for a sell.
     */
    long touchPriceFor(final Side side)
    {
        return side == Side.BUY ? askPrice : bidPrice;
    }

    /**
     * @param side the side of the order that would take liquidity.
     * @return the displayed size left at that touch.
     */
    long touchQuantityFor(final Side side)
    {
        return side == Side.BUY ? askQuantity : bidQuantity;
    }

    /**
     * Takes liquidity from the stored quote, so the same displayed size is not filled twice before
     * the next quote replaces it.
     */
    void consume(final Side side, final long quantity)
    {
        if (side == Side.BUY)
        {
            askQuantity -= quantity;
        }
        else
        {
            bidQuantity -= quantity;
        }
    }

    /**
     * @param side a side.
     * @return the resting order with the best priority on that side, or {@code null}.
     */
    RestingOrder best(final Side side)
    {
        return side == Side.BUY ? bestBuy : bestSell;
    }

    /**
     * Places an order at the back of its price level.
     *
     * @param order an order not in any book, with side and price set.
     */
    void insert(final RestingOrder order)
    {
        final boolean buy = order.side == Side.BUY;
        RestingOrder cursor = buy ? lastBuy : lastSell;
        while (cursor != null && (buy ? cursor.price < order.price : cursor.price > order.price))
        {
            cursor = cursor.higher;
        }

        order.higher = cursor;
        if (cursor == null)
        {
            order.lower = buy ? bestBuy : bestSell;
            if (buy)
            {
                bestBuy = order;
            }
            else
            {
                bestSell = order;
            }
        }
        else
        {
            order.lower = cursor.lower;
            cursor.lower = order;
        }

        if (order.lower == null)
        {
            if (buy)
            {
                lastBuy = order;
            }
            else
            {
                lastSell = order;
            }
        }
        else
        {
            order.lower.higher = order;
        }
    }

    /**
     * Unlinks an order from its side.
     *
     * @param order an order in this book.
     */
    void remove(final RestingOrder order)
    {
        final boolean buy = order.side == Side.BUY;
        if (order.higher == null)
        {
            if (buy)
            {
                bestBuy = order.lower;
            }
            else
            {
                bestSell = order.lower;
            }
        }
        else
        {
            order.higher.lower = order.lower;
        }

        if (order.lower == null)
        {
            if (buy)
            {
                lastBuy = order.higher;
            }
            else
            {
                lastSell = order.higher;
            }
        }
        else
        {
            order.lower.higher = order.higher;
        }

        order.higher = null;
        order.lower = null;
    }
}
