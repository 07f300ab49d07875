package io.horizon.engine.risk;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;

/**
 * The checks every order must pass whatever risk profile is configured: positive quantity, a
 * positive limit price for limit orders, and a notional that fits a long.
 * <p>
 * Stateless; BLP thread.
 */
public final class OrderSanityCheck
{
    private OrderSanityCheck()
    {
    }

    /**
     * @return true when sane; otherwise false with the verdict set.
     */
    public static boolean check(final OrderType type, final long price, final long quantity, final RiskVerdict verdict)
    {
        if (quantity <= 0)
        {
            return verdict.reject(RejectReason.INVALID_QUANTITY, quantity);
        }
        if (type == OrderType.LIMIT)
        {
            if (price <= 0)
            {
                return verdict.reject(RejectReason.INVALID_PRICE, price);
            }
            if (FixedPoint.multiply(price, quantity) == FixedPoint.OVERFLOW)
            {
                return verdict.reject(RejectReason.PRICE_OVERFLOW, quantity);
            }
        }
        return true;
    }
}
