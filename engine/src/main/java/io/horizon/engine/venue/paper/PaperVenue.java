package io.horizon.engine.venue.paper;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.venue.ReplayableVenue;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A simulated venue that fills our orders against the market seen on the feed, so strategies can
 * run end to end without an exchange.
 * <p>
 * The market is modelled as the last quote (best bid and ask with sizes) per instrument and the
 * trade prints. Our orders fill against that liquidity only, never against each other:
 * <ul>
 *     <li>A limit order that crosses the stored quote on arrival (or after an amend) fills at the
 *     touch, up to the displayed size; the rest rests in price-time priority.</li>
 *     <li>A market order fills at the touch up to the displayed size and expires the rest; without
 *     any quote yet it is rejected with {@link RejectReason#NO_MARKET_DATA}.</li>
 *     <li>A new quote fills resting orders it crosses, best priority first, at their own limit
 *     price, up to the displayed size of the opposite side.</li>
 *     <li>A trade print at price p fills resting buys priced at or above p and resting sells
 *     priced at or below p, at their limit price, each side up to the printed quantity.</li>
 *     <li>Size taken from a quote, aggressively or passively, is subtracted from the stored quote
 *     until the next quote replaces it, so the same displayed size never fills twice.</li>
 *     <li>An amend that changes the price or raises the quantity loses time priority; one that
 *     only lowers the quantity keeps it.</li>
 * </ul>
 * Every response is given synchronously, inside the call that caused it, in an order that
 * depends only on the sequence of calls: no clock, no randomness, no I/O.
 * <p>
 * At most {@code capacity} orders rest at once; their state is preallocated, so the steady state
 * allocates nothing. A limit order that would have to rest while all slots are taken is rejected
 * with {@link RejectReason#ORDER_CAPACITY}.
 * <p>
 * Because every answer follows from the calls alone, the venue is a {@link ReplayableVenue}: its
 * book (stored quotes, resting orders in priority order with their terms and fills, the next venue
 * order id) goes into the engine's snapshots, and after a restore a replay of the journal's tail
 * brings it to where it was at the stop; without a snapshot, a replay of the whole journal from
 * its empty start does the same (the recovery RECONCILE then finds every live order resting).
 * <p>
 * Threading: the venue-gateway thread only, as {@link Venue} requires. Not thread-safe.
 */
public final class PaperVenue implements ReplayableVenue
{
    /** Most resting orders a paper venue may be sized for; keeps the order index within one array. */
    public static final int MAX_CAPACITY = 1 << 24;

    private final ReferenceData referenceData;
    private final int capacity;
    private final PaperBook[] books;
    private final RestingOrder[] freeOrders;
    private int freeCount;
    private final Long2ObjectHashMap<RestingOrder> restingById;
    private long nextVenueOrderId = 1;

    /**
     * @param referenceData the instruments orders and market data may name.
     * @param capacity      the most orders that may rest at once, 1 to {@link #MAX_CAPACITY}.
     * @throws IllegalArgumentException when the capacity is out of range.
     */
    public PaperVenue(final ReferenceData referenceData, final int capacity)
    {
        this.referenceData = Objects.requireNonNull(referenceData, "referenceData");
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "paper venue capacity must be between 1 and " + MAX_CAPACITY + ", got " + capacity);
        }
        this.capacity = capacity;

        books = new PaperBook[referenceData.instrumentCount()];
        for (int i = 0; i < books.length; i++)
        {
            books[i] = new PaperBook();
        }

        freeOrders = new RestingOrder[capacity];
        for (int i = 0; i < capacity; i++)
        {
            final RestingOrder order = new RestingOrder();
            order.reset();
            freeOrders[i] = order;
        }
        freeCount = capacity;

        // Load factor 0.5 on twice the capacity keeps the resize threshold at or above capacity,
        // so put never grows the table.
        restingById = new Long2ObjectHashMap<>(capacity * 2, 0.5f);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return "paper";
    }

    /**
     * {@inheritDoc}
     *
     * @return this venue: all of its state follows from the calls made to it.
     */
    @Override
    public ReplayableVenue replayable()
    {
        return this;
    }

    /**
     * Writes the book: the next venue order id, then per instrument the stored quote and the
     * resting orders of each side, best priority first (id, account, price, quantity, filled).
     * Walks the books; allocates nothing. Gateway thread, between two events.
     */
    @Override
    public void writeState(final StateWriter out)
    {
        out.putLong(nextVenueOrderId);
        out.putInt(books.length);
        for (final PaperBook book : books)
        {
            out.putBoolean(book.hasQuote);
            out.putLong(book.bidPrice);
            out.putLong(book.bidQuantity);
            out.putLong(book.askPrice);
            out.putLong(book.askQuantity);
            writeSide(out, book, Side.BUY);
            writeSide(out, book, Side.SELL);
        }
    }

    private static void writeSide(final StateWriter out, final PaperBook book, final Side side)
    {
        final int slot = out.beginLength();
        for (RestingOrder order = book.best(side); order != null; order = order.lower)
        {
            out.putLong(order.orderId);
            out.putInt(order.accountId);
            out.putLong(order.price);
            out.putLong(order.quantity);
            out.putLong(order.filledQuantity);
        }
        out.endLength(slot);
    }

    /**
     * Replaces the book with one {@link #writeState} wrote. Everything is read and checked first
     * (instrument count, capacity, unique ids, terms, priority order); a state that fails any check
     * is refused with a {@link SnapshotFormatException} and the book is left as it was.
     */
    @Override
    public void readState(final StateReader in)
    {
        final long nextId = in.getLong("paper venue: next venue order id");
        if (nextId < 1)
        {
            throw new SnapshotFormatException("paper venue: next venue order id " + nextId + " is below 1");
        }
        final int instruments = in.getInt("paper venue: instruments", books.length, books.length);
        final long[][] quotes = new long[instruments][];
        final boolean[] quoted = new boolean[instruments];
        final List<long[]> orders = new ArrayList<>();
        final LongHashSet ids = new LongHashSet();
        for (int i = 0; i < instruments; i++)
        {
            quoted[i] = in.getBoolean("paper venue: quote present");
            quotes[i] = new long[]{in.getLong("paper venue: bid"), in.getLong("paper venue: bid size"),
                in.getLong("paper venue: ask"), in.getLong("paper venue: ask size")};
            readSide(in, i, Side.BUY, orders, ids);
            readSide(in, i, Side.SELL, orders, ids);
        }
        if (orders.size() > capacity)
        {
            throw new SnapshotFormatException("paper venue: " + orders.size() + " resting orders, more than its capacity " + capacity);
        }

        clearBook();
        nextVenueOrderId = nextId;
        for (int i = 0; i < instruments; i++)
        {
            final PaperBook book = books[i];
            book.hasQuote = quoted[i];
            book.bidPrice = quotes[i][0];
            book.bidQuantity = quotes[i][1];
            book.askPrice = quotes[i][2];
            book.askQuantity = quotes[i][3];
        }
        for (final long[] o : orders)
        {
            final RestingOrder resting = freeOrders[--freeCount];
            freeOrders[freeCount] = null;
            resting.orderId = o[0];
            resting.accountId = (int)o[1];
            resting.instrumentId = (int)o[2];
            resting.side = o[3] == 0 ? Side.BUY : Side.SELL;
            resting.price = o[4];
            resting.quantity = o[5];
            resting.filledQuantity = o[6];
            restingById.put(resting.orderId, resting);
            // In priority order, each lands at the back of its side: the list is rebuilt as written.
            books[resting.instrumentId].insert(resting);
        }
    }

    private void readSide(
        final StateReader in,
        final int instrumentId,
        final Side side,
        final List<long[]> orders,
        final LongHashSet ids)
    {
        final int end = in.beginLength("paper venue: resting " + side);
        long previousPrice = side == Side.BUY ? Long.MAX_VALUE : Long.MIN_VALUE;
        while (in.position() < end)
        {
            final long orderId = in.getLong("paper venue: order id");
            final int accountId = in.getInt("paper venue: account", 0, referenceData.accountCount() - 1);
            final long price = in.getLong("paper venue: price");
            final long quantity = in.getLong("paper venue: quantity");
            final long filled = in.getLong("paper venue: filled");
            if (price <= 0 || filled < 0 || quantity <= filled)
            {
                throw new SnapshotFormatException("paper venue: resting order " + orderId + " has price " + price + ", quantity " +
                    quantity + ", filled " + filled + "; a resting order has a positive price and something left");
            }
            if (side == Side.BUY ? price > previousPrice : price < previousPrice)
            {
                throw new SnapshotFormatException("paper venue: resting order " + orderId + " is out of priority order");
            }
            if (!ids.add(orderId))
            {
                throw new SnapshotFormatException("paper venue: order " + orderId + " rests twice");
            }
            previousPrice = price;
            orders.add(new long[]{orderId, accountId, instrumentId, side == Side.BUY ? 0 : 1, price, quantity, filled});
        }
        in.endLength(end, "paper venue: resting " + side);
    }

    /**
     * Retires every resting order and forgets the quotes and the id counter.
     */
    private void clearBook()
    {
        for (final PaperBook book : books)
        {
            for (final Side side : new Side[]{Side.BUY, Side.SELL})
            {
                RestingOrder order;
                while ((order = book.best(side)) != null)
                {
                    retire(book, order);
                }
            }
            book.hasQuote = false;
            book.bidPrice = 0;
            book.bidQuantity = 0;
            book.askPrice = 0;
            book.askQuantity = 0;
        }
        nextVenueOrderId = 1;
    }

    /**
     * @return the number of orders resting now.
     */
    public int restingOrderCount()
    {
        return capacity - freeCount;
    }

    /**
     * Stores a quote and fills the resting orders it crosses, or fills resting orders against a
     * trade print. Market data for an unknown instrument is ignored: nothing can rest there.
     * <p>
     * {@inheritDoc}
     */
    @Override
    public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
    {
        final int instrumentId = marketData.instrumentId;
        if (!referenceData.isInstrument(instrumentId))
        {
            return;
        }

        final PaperBook book = books[instrumentId];
        if (marketData.type == EventType.QUOTE)
        {
            book.quote(marketData.bidPrice, marketData.bidQuantity, marketData.askPrice, marketData.askQuantity);
            if (book.hasLiquidityFor(Side.BUY))
            {
                matchResting(book, Side.BUY, book.askPrice, book.askQuantity, true, responses);
            }
            if (book.hasLiquidityFor(Side.SELL))
            {
                matchResting(book, Side.SELL, book.bidPrice, book.bidQuantity, true, responses);
            }
        }
        else if (marketData.type == EventType.TRADE && marketData.price > 0 && marketData.quantity > 0)
        {
            matchResting(book, Side.BUY, marketData.price, marketData.quantity, false, responses);
            matchResting(book, Side.SELL, marketData.price, marketData.quantity, false, responses);
        }
    }

    /**
     * Acks (or rejects) the order, fills what the stored quote allows and rests or expires the
     * rest. The venue order id in the ack counts up from 1 per venue.
     * <p>
     * {@inheritDoc}
     */
    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        final long orderId = order.orderId;
        final int accountId = order.accountId;
        final int instrumentId = order.instrumentId;

        if (!referenceData.isInstrument(instrumentId))
        {
            responses.reject(orderId, accountId, instrumentId, RejectReason.UNKNOWN_INSTRUMENT, instrumentId);
            return;
        }
        // The engine validates before sending; these guard the book against a command that would
        // rest forever or corrupt the order index.
        if (order.side == null || order.orderType == null || restingById.containsKey(orderId))
        {
            responses.reject(orderId, accountId, instrumentId, RejectReason.VENUE_REJECTED, 0);
            return;
        }
        if (order.quantity <= 0)
        {
            responses.reject(orderId, accountId, instrumentId, RejectReason.INVALID_QUANTITY, order.quantity);
            return;
        }

        final PaperBook book = books[instrumentId];
        if (order.orderType == OrderType.MARKET)
        {
            submitMarket(book, order, responses);
        }
        else
        {
            submitLimit(book, order, responses);
        }
    }

    /**
     * Cancels a resting order. An order that is not resting (unknown, filled, expired, canceled)
     * is refused with {@link RejectReason#TOO_LATE}.
     * <p>
     * {@inheritDoc}
     */
    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        final RestingOrder order = restingById.get(cancel.orderId);
        if (order == null)
        {
            responses.cancelRejected(
                cancel.orderId, cancel.accountId, cancel.instrumentId, RejectReason.TOO_LATE, 0);
            return;
        }

        final long orderId = order.orderId;
        final int accountId = order.accountId;
        final int instrumentId = order.instrumentId;
        final long leavesQuantity = order.leavesQuantity();
        retire(books[instrumentId], order);
        responses.canceled(orderId, accountId, instrumentId, leavesQuantity);
    }

    /**
     * Changes a resting order's price and total quantity (filled part included), then fills it at
     * the touch if the new price crosses the stored quote. Refused with
     * {@link RejectReason#TOO_LATE} when the order is not resting, and with
     * {@link RejectReason#AMEND_QUANTITY_BELOW_FILLED} when the new total would leave nothing open.
     * <p>
     * {@inheritDoc}
     */
    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        final RestingOrder order = restingById.get(amend.orderId);
        if (order == null)
        {
            responses.replaceRejected(
                amend.orderId, amend.accountId, amend.instrumentId, RejectReason.TOO_LATE, 0);
            return;
        }

        final long newPrice = amend.price;
        final long newQuantity = amend.quantity;
        if (newQuantity <= order.filledQuantity)
        {
            responses.replaceRejected(
                amend.orderId, amend.accountId, amend.instrumentId, RejectReason.AMEND_QUANTITY_BELOW_FILLED, newQuantity);
            return;
        }
        if (newPrice <= 0)
        {
            responses.replaceRejected(
                amend.orderId, amend.accountId, amend.instrumentId, RejectReason.INVALID_PRICE, newPrice);
            return;
        }

        final PaperBook book = books[order.instrumentId];
        // A reprice or a size-up would jump the queue it joined at a different time or size;
        // only a size-down at the same price keeps its place.
        final boolean losesPriority = newPrice != order.price || newQuantity > order.quantity;
        if (losesPriority)
        {
            book.remove(order);
        }
        order.price = newPrice;
        order.quantity = newQuantity;
        if (losesPriority)
        {
            book.insert(order);
        }

        final long leavesQuantity = order.leavesQuantity();
        responses.replaced(order.orderId, order.accountId, order.instrumentId, newPrice, newQuantity, leavesQuantity);

        final Side side = order.side;
        if (book.hasLiquidityFor(side) && crosses(side, newPrice, book.touchPriceFor(side)))
        {
            final long quantity = Math.min(leavesQuantity, book.touchQuantityFor(side));
            book.consume(side, quantity);
            fillResting(book, order, book.touchPriceFor(side), quantity, responses);
        }
    }

    /**
     * Restores a live order to the book after recovery, with the terms the BLP holds, without
     * responding: the journal already holds every answer the order received. Market orders and
     * orders already resting are left alone; a book without room rejects nothing silently but
     * reports the order expired, because it can no longer be worked.
     */
    @Override
    public void reconcile(final EngineOutput order, final VenueResponses responses)
    {
        if (order.orderType != OrderType.LIMIT || order.side == null ||
            order.instrumentId < 0 || order.instrumentId >= books.length || restingById.containsKey(order.orderId))
        {
            return;
        }
        final long leaves = order.quantity - order.cumulativeQuantity;
        if (leaves <= 0 || order.price <= 0)
        {
            return;
        }
        if (freeCount == 0)
        {
            responses.expired(order.orderId, order.accountId, order.instrumentId, leaves);
            return;
        }
        final RestingOrder resting = freeOrders[--freeCount];
        freeOrders[freeCount] = null;
        resting.orderId = order.orderId;
        resting.accountId = order.accountId;
        resting.instrumentId = order.instrumentId;
        resting.side = order.side;
        resting.price = order.price;
        resting.quantity = order.quantity;
        resting.filledQuantity = order.cumulativeQuantity;
        restingById.put(order.orderId, resting);
        books[order.instrumentId].insert(resting);
    }

    private void submitMarket(final PaperBook book, final EngineOutput order, final VenueResponses responses)
    {
        final long orderId = order.orderId;
        final int accountId = order.accountId;
        final int instrumentId = order.instrumentId;
        if (!book.hasQuote)
        {
            responses.reject(orderId, accountId, instrumentId, RejectReason.NO_MARKET_DATA, instrumentId);
            return;
        }

        responses.ack(orderId, accountId, instrumentId, nextVenueOrderId++);

        final Side side = order.side;
        final long quantity = order.quantity;
        final long filled = book.hasLiquidityFor(side) ? Math.min(quantity, book.touchQuantityFor(side)) : 0;
        final long leavesQuantity = quantity - filled;
        if (filled > 0)
        {
            book.consume(side, filled);
            responses.fill(orderId, accountId, instrumentId, book.touchPriceFor(side), filled, leavesQuantity);
        }
        if (leavesQuantity > 0)
        {
            responses.expired(orderId, accountId, instrumentId, leavesQuantity);
        }
    }

    private void submitLimit(final PaperBook book, final EngineOutput order, final VenueResponses responses)
    {
        final long orderId = order.orderId;
        final int accountId = order.accountId;
        final int instrumentId = order.instrumentId;
        final Side side = order.side;
        final long price = order.price;
        final long quantity = order.quantity;
        if (price <= 0)
        {
            responses.reject(orderId, accountId, instrumentId, RejectReason.INVALID_PRICE, price);
            return;
        }

        final boolean crossing = book.hasLiquidityFor(side) && crosses(side, price, book.touchPriceFor(side));
        final long filled = crossing ? Math.min(quantity, book.touchQuantityFor(side)) : 0;
        final long leavesQuantity = quantity - filled;
        // Decided before the ack: once acked, an order can no longer be rejected.
        if (leavesQuantity > 0 && freeCount == 0)
        {
            responses.reject(orderId, accountId, instrumentId, RejectReason.ORDER_CAPACITY, capacity);
            return;
        }

        responses.ack(orderId, accountId, instrumentId, nextVenueOrderId++);

        if (filled > 0)
        {
            book.consume(side, filled);
            responses.fill(orderId, accountId, instrumentId, book.touchPriceFor(side), filled, leavesQuantity);
        }
        if (leavesQuantity > 0)
        {
            final RestingOrder resting = freeOrders[--freeCount];
            freeOrders[freeCount] = null;
            resting.orderId = orderId;
            resting.accountId = accountId;
            resting.instrumentId = instrumentId;
            resting.side = side;
            resting.price = price;
            resting.quantity = quantity;
            resting.filledQuantity = filled;
            restingById.put(orderId, resting);
            book.insert(resting);
        }
    }

    /**
     * Fills resting orders on one side, best priority first, at their own limit price while they
     * cross {@code bound}, sharing {@code available} between them.
     */
    private void matchResting(
        final PaperBook book,
        final Side side,
        final long bound,
        final long available,
        final boolean takesFromQuote,
        final VenueResponses responses)
    {
        long remaining = available;
        RestingOrder order = book.best(side);
        // The list is in priority order, so the first order that does not cross ends the match.
        while (order != null && remaining > 0 && crosses(side, order.price, bound))
        {
            final RestingOrder next = order.lower;
            final long quantity = Math.min(order.leavesQuantity(), remaining);
            remaining -= quantity;
            if (takesFromQuote)
            {
                book.consume(side, quantity);
            }
            fillResting(book, order, order.price, quantity, responses);
            order = next;
        }
    }

    /**
     * Books a fill on a resting order, retiring it when nothing is left, then reports it. State
     * changes first so a response sink that throws cannot leave the book half updated.
     */
    private void fillResting(
        final PaperBook book,
        final RestingOrder order,
        final long price,
        final long quantity,
        final VenueResponses responses)
    {
        order.filledQuantity += quantity;
        final long leavesQuantity = order.leavesQuantity();
        final long orderId = order.orderId;
        final int accountId = order.accountId;
        final int instrumentId = order.instrumentId;
        if (leavesQuantity == 0)
        {
            retire(book, order);
        }
        responses.fill(orderId, accountId, instrumentId, price, quantity, leavesQuantity);
    }

    private void retire(final PaperBook book, final RestingOrder order)
    {
        book.remove(order);
        restingById.remove(order.orderId);
        order.reset();
        freeOrders[freeCount++] = order;
    }

    /**
     * @return true when an order on {@code side} at {@code limit} trades at {@code price}.
     */
    private static boolean crosses(final Side side, final long limit, final long price)
    {
        return side == Side.BUY ? limit >= price : limit <= price;
    }
}
