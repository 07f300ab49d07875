package io.horizon.engine.blp;

import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.LiveOrders;
import io.horizon.engine.order.Order;
import io.horizon.engine.order.OrderLedger;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.risk.RiskContext;
import io.horizon.engine.risk.RiskVerdict;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.strategy.StrategyContext;
import io.horizon.engine.support.BlpDriver;
import org.junit.jupiter.api.Test;

class BusinessLogicProcessorTest
{
    @Test
    void shouldReportAnOrderWithoutASideAsMissingItsSide()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput report = driver.order(T0, ALICE, AAPL, null, OrderType.LIMIT, 190, 1);

        assertEquals(ExecType.REJECTED, report.execType);
        assertEquals(OrderState.REJECTED, report.state);
        assertEquals(RejectReason.MISSING_SIDE, report.rejectReason);
        assertEquals("order has no side (buy or sell)", report.rejectReason.describe(report.rejectValue));
        assertEquals(1, driver.counters().rejects(RejectReason.MISSING_SIDE));
        assertEquals(0, driver.counters().rejects(RejectReason.INVALID_QUANTITY));
    }

    @Test
    void shouldReportAnOrderWithoutAnOrderTypeAsMissingItsType()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput report = driver.order(T0, ALICE, AAPL, Side.BUY, null, 190, 1);

        assertEquals(RejectReason.MISSING_ORDER_TYPE, report.rejectReason);
        assertEquals(1, driver.counters().rejects(RejectReason.MISSING_ORDER_TYPE));
        assertEquals(0, driver.counters().rejects(RejectReason.INVALID_QUANTITY));
    }

    @Test
    void shouldEchoTheNewAndTheOriginalClientOrderIdWhenAnAmendFindsNoOrder()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput ghost = new EngineOutput();
        ghost.accountId = ALICE;
        ghost.clientOrderIdHi = 9;
        ghost.clientOrderIdLo = 4242;

        final EngineOutput report = driver.amend(T0, ghost, 191, 2);

        assertEquals(ExecType.REPLACE_REJECTED, report.execType);
        assertEquals(RejectReason.UNKNOWN_ORDER, report.rejectReason);
        assertEquals(4242, report.rejectValue);
        assertEquals(0, report.orderId);
        assertEquals(9, report.origClientOrderIdHi);
        assertEquals(4242, report.origClientOrderIdLo);
        assertEquals(9, report.clientOrderIdHi);
        assertTrue(report.clientOrderIdLo != 4242, "the amend's own client order id, not the original's");
    }

    @Test
    void shouldLendStrategiesTheirOwnContextAndNotTheProcessor()
    {
        final AtomicReference<StrategyContext> lent = new AtomicReference<>();
        final Strategy probe = new Strategy()
        {
            @Override
            public String name()
            {
                return "probe";
            }

            @Override
            public void onStart(final StrategyContext context)
            {
                lent.set(context);
            }
        };
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL, probe);
        driver.heartbeat(T0);

        assertNotNull(lent.get());
        assertFalse(BusinessLogicProcessor.class.isInstance(lent.get()));
        assertFalse(lent.get() instanceof RiskContext);
    }

    @Test
    void shouldTellAStrategyWhyItsCancelOfAnOrderItDoesNotOwnWasRefused()
    {
        final boolean[] cancelled = {true};
        final Strategy strategy = new Strategy()
        {
            @Override
            public String name()
            {
                return "stray-cancel";
            }

            @Override
            public void onTimer(final long nowNanos, final StrategyContext context)
            {
                cancelled[0] = context.cancel(77);
                assertEquals(RejectReason.UNKNOWN_ORDER, context.lastRejectReason());
                assertEquals(77, context.lastRejectValue());
            }
        };
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL, strategy);
        driver.heartbeat(T0);

        assertFalse(cancelled[0]);
        assertEquals(1, driver.counters().rejects(RejectReason.UNKNOWN_ORDER));
    }

    @Test
    void shouldLendRiskAViewOfLiveOrdersThatCannotReachTheLedger()
    {
        final AtomicReference<RiskContext> lent = new AtomicReference<>();
        final PreTradeRisk risk = new PreTradeRisk()
        {
            @Override
            public void attach(final RiskContext context)
            {
                lent.set(context);
            }

            @Override
            public boolean check(final Order order, final long nowNanos, final RiskVerdict verdict)
            {
                return true;
            }
        };
        final BlpDriver driver = new BlpDriver(risk);
        final EngineOutput accepted = driver.buy(T0, AAPL, 190, 1);

        final LiveOrders live = lent.get().liveOrders();
        assertFalse(OrderLedger.class.isInstance(live));
        assertEquals(1, live.size());
        assertEquals(accepted.orderId, live.byOrderId(accepted.orderId).orderId());
        assertNull(live.byOrderId(accepted.orderId + 1));
    }

}
