package io.horizon.engine.order;

import java.util.function.Consumer;

import io.horizon.engine.journal.StateEnums;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderTrigger;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Every order the BLP knows that is not yet terminal, with lookup by internal order id and by
 * client order id, over a fixed pool so no order allocates.
 * <p>
 * Client order ids are 128-bit ULIDs; the index is keyed by the low 64 bits (80 random bits in a
 * ULID make a collision between live orders practically impossible) and every lookup checks the
 * high bits too, so a collision is seen as a duplicate, never as a wrong order.
 * Internal order ids count up from 1, so they are the same on every replay of the same input.
 * <p>
 * Risk sees it only through {@link #view()}, which can look but not change.
 * <p>
 * Threading: BLP thread only.
 */
public final class OrderLedger implements SnapshotState
{
    private final Order[] pool;
    private final int[] freeStack;
    private int freeCount;
    private final Long2ObjectHashMap<Order> byOrderId;
    private final Long2ObjectHashMap<Order> byClientOrderIdLo;
    private long nextOrderId = 1;
    private final LiveOrders view = new View();

    /**
     * @param capacity the most live orders at once.
     */
    public OrderLedger(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("order capacity must be > 0, got " + capacity);
        }
        pool = new Order[capacity];
        freeStack = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pool[i] = new Order(i);
            freeStack[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        // Sized so the maps never resize: resizing is the only thing in them that allocates.
        byOrderId = new Long2ObjectHashMap<>(capacity * 2, 0.65f);
        byClientOrderIdLo = new Long2ObjectHashMap<>(capacity * 4, 0.65f);
    }

    /**
     * @return the most live orders at once.
     */
    public int capacity()
    {
        return pool.length;
    }

    /**
     * @return orders held now.
     */
    public int size()
    {
        return pool.length - freeCount;
    }

    /**
     * @return true when another order cannot be held.
     */
    public boolean isFull()
    {
        return freeCount == 0;
    }

    /**
     * @return the id the next {@link #create} will assign.
     */
    public long peekNextOrderId()
    {
        return nextOrderId;
    }

    /**
     * @return true when a live order uses this client order id (current or pending amend id).
     */
    public boolean containsClientOrderId(final long hi, final long lo)
    {
        return byClientOrderIdLo.containsKey(lo);
    }

    /**
     * Takes an order from the pool in state NEW and indexes it.
     *
     * @return the order; the caller must check {@link #isFull()} and the client id first.
     */
    public Order create(
        final long clientOrderIdHi,
        final long clientOrderIdLo,
        final int accountId,
        final int instrumentId,
        final int strategyId,
        final io.horizon.engine.event.Side side,
        final io.horizon.engine.event.OrderType orderType,
        final long price,
        final long quantity,
        final long createdNanos)
    {
        final Order order = pool[freeStack[--freeCount]];
        order.reset();
        order.orderId = nextOrderId++;
        order.clientOrderIdHi = clientOrderIdHi;
        order.clientOrderIdLo = clientOrderIdLo;
        order.accountId = accountId;
        order.instrumentId = instrumentId;
        order.strategyId = strategyId;
        order.side = side;
        order.orderType = orderType;
        order.price = price;
        order.quantity = quantity;
        order.state = OrderState.NEW;
        order.createdNanos = createdNanos;
        byOrderId.put(order.orderId, order);
        byClientOrderIdLo.put(clientOrderIdLo, order);
        return order;
    }

    /**
     * @return the order, or {@code null} when none is live with that id.
     */
    public Order byOrderId(final long orderId)
    {
        return byOrderId.get(orderId);
    }

    /**
     * @return the order whose current client order id this is, or {@code null}.
     */
    public Order byClientOrderId(final long hi, final long lo)
    {
        final Order order = byClientOrderIdLo.get(lo);
        if (order != null && order.clientOrderIdHi == hi && order.clientOrderIdLo == lo)
        {
            return order;
        }
        return null;
    }

    /**
     * Applies a legal transition. A cancel or replace reject restores the state the order had
     * before the request; a fill while a request is pending records that the order is now
     * partially filled, so a later reject restores the right state.
     *
     * @return true when applied; false when illegal (the order is unchanged).
     */
    public boolean transition(final Order order, final OrderTrigger trigger)
    {
        final OrderState from = order.state;
        if (!OrderLifecycle.isLegal(from, trigger))
        {
            return false;
        }
        OrderState to = OrderLifecycle.next(from, trigger);
        if (to == OrderLifecycle.RESTORE)
        {
            to = order.stateBeforePending;
        }
        if (trigger == OrderTrigger.CANCEL_REQUEST || trigger == OrderTrigger.REPLACE_REQUEST)
        {
            order.stateBeforePending = from;
        }
        if (trigger == OrderTrigger.PARTIAL_FILL &&
            (from == OrderState.PENDING_CANCEL || from == OrderState.PENDING_REPLACE))
        {
            order.stateBeforePending = OrderState.PARTIALLY_FILLED;
        }
        order.state = to;
        return true;
    }

    /**
     * Records an amend in flight and indexes its new client order id, so a second request cannot
     * reuse it.
     */
    public void beginReplace(final Order order, final long newHi, final long newLo, final long newPrice, final long newQuantity)
    {
        order.pendingClientOrderIdHi = newHi;
        order.pendingClientOrderIdLo = newLo;
        order.pendingPrice = newPrice;
        order.pendingQuantity = newQuantity;
        byClientOrderIdLo.put(newLo, order);
    }

    /**
     * Applies the venue's confirmation of an amend: new terms, new client order id.
     */
    public void completeReplace(final Order order, final long price, final long quantity)
    {
        byClientOrderIdLo.remove(order.clientOrderIdLo);
        order.clientOrderIdHi = order.pendingClientOrderIdHi;
        order.clientOrderIdLo = order.pendingClientOrderIdLo;
        order.price = price;
        order.quantity = quantity;
        clearPending(order);
    }

    /**
     * Forgets an amend the venue refused.
     */
    public void abandonReplace(final Order order)
    {
        if (order.pendingClientOrderIdLo != 0 || order.pendingClientOrderIdHi != 0)
        {
            byClientOrderIdLo.remove(order.pendingClientOrderIdLo);
        }
        clearPending(order);
    }

    private static void clearPending(final Order order)
    {
        order.pendingClientOrderIdHi = 0;
        order.pendingClientOrderIdLo = 0;
        order.pendingPrice = 0;
        order.pendingQuantity = 0;
    }

    /**
     * Lowers the quantity of an order risk accepted only in part (shrunk to fit a cap), before it
     * is sent.
     *
     * @param order    an order in state NEW.
     * @param quantity the smaller quantity, > 0.
     */
    public void reduceQuantity(final Order order, final long quantity)
    {
        if (order.state != OrderState.NEW || quantity <= 0 || quantity > order.quantity)
        {
            throw new IllegalStateException("cannot reduce order " + order.orderId + " in state " + order.state +
                " from " + order.quantity + " to " + quantity);
        }
        order.quantity = quantity;
    }

    /**
     * Adds a fill to the order's filled quantity.
     */
    public void addFill(final Order order, final long quantity)
    {
        order.cumulativeQuantity += quantity;
    }

    /**
     * Records the venue's id for the order.
     */
    public void setVenueOrderId(final Order order, final long venueOrderId)
    {
        order.venueOrderId = venueOrderId;
    }

    /**
     * Returns a terminal order to the pool and drops it from every index.
     */
    public void release(final Order order)
    {
        byOrderId.remove(order.orderId);
        if (byClientOrderIdLo.get(order.clientOrderIdLo) == order)
        {
            byClientOrderIdLo.remove(order.clientOrderIdLo);
        }
        if ((order.pendingClientOrderIdLo != 0 || order.pendingClientOrderIdHi != 0) &&
            byClientOrderIdLo.get(order.pendingClientOrderIdLo) == order)
        {
            byClientOrderIdLo.remove(order.pendingClientOrderIdLo);
        }
        order.reset();
        freeStack[freeCount++] = order.poolIndex;
    }

    /**
     * Visits every order held, in pool order. Cold paths (kill switch, snapshots) only: the
     * consumer must not create or release orders.
     */
    public void forEachOrder(final Consumer<Order> consumer)
    {
        for (final Order order : pool)
        {
            if (order.state != null)
            {
                consumer.accept(order);
            }
        }
    }

    /**
     * @return a read-only view of the orders held, the same object on every call.
     */
    public LiveOrders view()
    {
        return view;
    }

    /**
     * Writes the next order id, the pool's free list (it decides which slot, and so which walk
     * position, the next order takes) and every order held, with its slot.
     */
    @Override
    public void writeState(final StateWriter out)
    {
        out.putInt(pool.length);
        out.putLong(nextOrderId);
        out.putInt(freeCount);
        for (int i = 0; i < freeCount; i++)
        {
            out.putInt(freeStack[i]);
        }
        for (final Order order : pool)
        {
            if (order.state != null)
            {
                writeOrder(out, order);
            }
        }
    }

    private static void writeOrder(final StateWriter out, final Order o)
    {
        out.putInt(o.poolIndex);
        out.putLong(o.orderId);
        out.putLong(o.clientOrderIdHi);
        out.putLong(o.clientOrderIdLo);
        out.putInt(o.accountId);
        out.putInt(o.instrumentId);
        out.putInt(o.strategyId);
        StateEnums.putSide(out, o.side);
        StateEnums.putOrderType(out, o.orderType);
        out.putLong(o.price);
        out.putLong(o.quantity);
        out.putLong(o.cumulativeQuantity);
        out.putLong(o.venueOrderId);
        StateEnums.putOrderState(out, o.state);
        StateEnums.putOrderState(out, o.stateBeforePending);
        out.putLong(o.createdNanos);
        out.putLong(o.pendingClientOrderIdHi);
        out.putLong(o.pendingClientOrderIdLo);
        out.putLong(o.pendingPrice);
        out.putLong(o.pendingQuantity);
    }

    /**
     * Restores into an empty ledger of the same capacity.
     */
    @Override
    public void readState(final StateReader in)
    {
        if (size() != 0)
        {
            throw new IllegalStateException("restore needs an empty order ledger; it holds " + size() + " orders");
        }
        final int capacity = in.getInt("order capacity");
        if (capacity != pool.length)
        {
            throw new SnapshotFormatException("the snapshot's order capacity is " + capacity + " but this engine's is " +
                pool.length + "; set engine order capacity back to " + capacity + " or recover from the journal");
        }
        nextOrderId = in.getLong("next order id");
        freeCount = in.getInt("free order slots", 0, capacity);
        final boolean[] free = new boolean[capacity];
        for (int i = 0; i < freeCount; i++)
        {
            final int slot = in.getInt("free order slot", 0, capacity - 1);
            if (free[slot])
            {
                throw new SnapshotFormatException("order slot " + slot + " is free twice");
            }
            free[slot] = true;
            freeStack[i] = slot;
        }
        for (int held = capacity - freeCount; held > 0; held--)
        {
            final int slot = in.getInt("order slot", 0, capacity - 1);
            if (free[slot] || pool[slot].state != null)
            {
                throw new SnapshotFormatException("order slot " + slot + " is both free and held, or held twice");
            }
            readOrder(in, pool[slot]);
            byOrderId.put(pool[slot].orderId, pool[slot]);
            byClientOrderIdLo.put(pool[slot].clientOrderIdLo, pool[slot]);
            if (pool[slot].pendingClientOrderIdLo != 0 || pool[slot].pendingClientOrderIdHi != 0)
            {
                byClientOrderIdLo.put(pool[slot].pendingClientOrderIdLo, pool[slot]);
            }
        }
    }

    private static void readOrder(final StateReader in, final Order o)
    {
        o.orderId = in.getLong("order id");
        o.clientOrderIdHi = in.getLong("client order id");
        o.clientOrderIdLo = in.getLong("client order id");
        o.accountId = in.getInt("order account");
        o.instrumentId = in.getInt("order instrument");
        o.strategyId = in.getInt("order strategy");
        o.side = StateEnums.getSide(in, "order side");
        o.orderType = StateEnums.getOrderType(in, "order type");
        o.price = in.getLong("order price");
        o.quantity = in.getLong("order quantity");
        o.cumulativeQuantity = in.getLong("order filled quantity");
        o.venueOrderId = in.getLong("venue order id");
        o.state = StateEnums.getOrderState(in, "order state");
        o.stateBeforePending = StateEnums.getOrderState(in, "order state before pending");
        o.createdNanos = in.getLong("order created time");
        o.pendingClientOrderIdHi = in.getLong("pending client order id");
        o.pendingClientOrderIdLo = in.getLong("pending client order id");
        o.pendingPrice = in.getLong("pending price");
        o.pendingQuantity = in.getLong("pending quantity");
        if (o.state == null || o.orderId <= 0)
        {
            throw new SnapshotFormatException("a held order has no state or no id (order id " + o.orderId + ")");
        }
    }

    /**
     * Lookups and the walk, without the methods that change orders: a separate object, so a
     * holder of the view cannot cast its way to the ledger.
     */
    private final class View implements LiveOrders
    {
        @Override
        public int size()
        {
            return OrderLedger.this.size();
        }

        @Override
        public Order byOrderId(final long orderId)
        {
            return OrderLedger.this.byOrderId(orderId);
        }

        @Override
        public Order byClientOrderId(final long hi, final long lo)
        {
            return OrderLedger.this.byClientOrderId(hi, lo);
        }

        @Override
        public void forEachOrder(final Consumer<Order> consumer)
        {
            OrderLedger.this.forEachOrder(consumer);
        }
    }
}
