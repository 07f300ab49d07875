package io.horizon.engine.order;

import java.util.function.Consumer;

/**
 * A read-only view of the orders the BLP holds live: lookups and a walk, nothing that creates,
 * changes or releases an order (that is the {@link OrderLedger}'s, on the BLP's order path).
 * {@link Order} itself exposes only getters outside this package.
 * <p>
 * Threading: BLP thread only.
 */
public interface LiveOrders
{
    /**
     * @return orders held now.
     */
    int size();

    /**
     * @return the order, or {@code null} when none is live with that id.
     */
    Order byOrderId(long orderId);

    /**
     * @return the order whose current client order id this is, or {@code null}.
     */
    Order byClientOrderId(long hi, long lo);

    /**
     * Visits every order held, in pool order (the same on every replay). Cold paths only; the
     * consumer must not ask for orders to be created or released while it runs.
     */
    void forEachOrder(Consumer<Order> consumer);
}
