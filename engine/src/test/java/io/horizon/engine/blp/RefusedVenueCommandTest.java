package io.horizon.engine.blp;

import static io.horizon.engine.support.BlpDriver.MILLIS;
import static io.horizon.engine.support.BlpDriver.T0;
import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.support.BlpDriver;
import io.horizon.engine.support.TestMarkets;
import org.junit.jupiter.api.Test;

/**
 * A venue command refused after the venue took it (a FIX venue holds it while its session is down
 * and refuses it past {@code wait_limit_ms} or with the hold full) becomes exactly one report with
 * reason {@code VENUE_EXCEPTION}, the output the dead-letter queue and the audit log keep, whatever
 * became of its order meanwhile.
 */
class RefusedVenueCommandTest
{
    private static final String HELD_TOO_LONG =
        "not logged on: FIX venue sim; held 5000 ms, past wait_limit_ms 5000; OrderCancelReplaceRequest not sent";

    @Test
    void shouldReportAnAmendRefusedAfterItsOrderFilledWhileItWasHeld()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput order = driver.buy(T0, AAPL, 190, 10);
        final EngineOutput amend = ackAndAmend(driver, order, 191);
        // A fill already on its way when the session dropped: the order is done and forgotten.
        driver.fill(T0 + 2 * MILLIS, order.orderId, 190, 10);

        final List<EngineOutput> produced = driver.venueError(T0 + 5_000 * MILLIS, amend, HELD_TOO_LONG);

        assertEquals(1, produced.size(), produced.toString());
        final EngineOutput report = produced.get(0);
        assertEquals(OutputKind.EXECUTION_REPORT, report.kind);
        assertEquals(ExecType.REPLACE_REJECTED, report.execType);
        assertEquals(RejectReason.VENUE_EXCEPTION, report.rejectReason);
        assertEquals(order.orderId, report.orderId);
        assertEquals(ALICE, report.accountId);
        assertEquals(AAPL, report.instrumentId);
        assertEquals(Side.BUY, report.side);
        assertEquals(order.clientOrderIdLo, report.clientOrderIdLo, "named by the client order id the order had");
        assertEquals(TestMarkets.px(191), report.price, "the refused amend's terms");
        assertNull(report.state, "the engine no longer holds the order");
        assertEquals(1, driver.counters().rejects(RejectReason.VENUE_EXCEPTION));
    }

    @Test
    void shouldReportACancelRefusedAfterItsOrderFilledWhileItWasHeldWithTheOrderAsItIs()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput order = driver.buy(T0, AAPL, 190, 10);
        final EngineOutput amend = ackAndAmend(driver, order, 191);
        // Part filled while the amend waits: the order is still pending on it.
        driver.fill(T0 + 2 * MILLIS, order.orderId, 190, 4);
        final List<EngineOutput> first = driver.venueError(T0 + 3 * MILLIS, amend, HELD_TOO_LONG);
        assertEquals(ExecType.REPLACE_REJECTED, first.get(0).execType);
        assertEquals(OrderState.PARTIALLY_FILLED, first.get(0).state, "the refusal ends the pending replace");

        // The same refusal reported again finds the order no longer pending on it: reported, nothing changed.
        final List<EngineOutput> again = driver.venueError(T0 + 4 * MILLIS, amend, HELD_TOO_LONG);

        assertEquals(1, again.size(), again.toString());
        assertEquals(ExecType.REPLACE_REJECTED, again.get(0).execType);
        assertEquals(RejectReason.VENUE_EXCEPTION, again.get(0).rejectReason);
        assertEquals(OrderState.PARTIALLY_FILLED, again.get(0).state);
        assertEquals(TestMarkets.px(190), again.get(0).price, "the order's own terms, as it is now");
        assertEquals(2, driver.counters().rejects(RejectReason.VENUE_EXCEPTION));
    }

    @Test
    void shouldNotTakeTheRefusalOfAnEarlierAmendForTheAmendPendingNow()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput order = driver.buy(T0, AAPL, 190, 10);
        final EngineOutput first = ackAndAmend(driver, order, 191);
        driver.venueError(T0 + 2 * MILLIS, first, HELD_TOO_LONG);
        driver.amend(T0 + 3 * MILLIS, order, 192, 10);
        final EngineOutput second = command(driver, OutputKind.VENUE_AMEND);

        final List<EngineOutput> stale = driver.venueError(T0 + 4 * MILLIS, first, HELD_TOO_LONG);

        assertEquals(1, stale.size(), stale.toString());
        assertEquals(ExecType.REPLACE_REJECTED, stale.get(0).execType);
        assertEquals(OrderState.PENDING_REPLACE, stale.get(0).state, "the second amend is still pending");
        final List<EngineOutput> refused = driver.venueError(T0 + 5 * MILLIS, second, HELD_TOO_LONG);
        assertEquals(OrderState.ACCEPTED, refused.get(0).state, "its own refusal ends it");
    }

    @Test
    void shouldRejectAHeldNewOrderRefusedWhilePendingAsBefore()
    {
        final BlpDriver driver = new BlpDriver(PreTradeRisk.ACCEPT_ALL);
        final EngineOutput order = driver.buy(T0, AAPL, 190, 10);
        final EngineOutput submit = command(driver, OutputKind.VENUE_NEW);

        final List<EngineOutput> produced = driver.venueError(T0 + 5_000 * MILLIS, submit,
            "not logged on: FIX venue sim; 1 commands already wait for the logon (wait_max_orders)");

        assertEquals(1, produced.size(), produced.toString());
        assertEquals(ExecType.REJECTED, produced.get(0).execType);
        assertEquals(OrderState.REJECTED, produced.get(0).state);
        assertEquals(order.orderId, produced.get(0).orderId);
    }

    /** Acks the order and amends it to the price: @return the VENUE_AMEND command. */
    private static EngineOutput ackAndAmend(final BlpDriver driver, final EngineOutput order, final double price)
    {
        driver.ack(T0, order.orderId);
        driver.amend(T0 + MILLIS, order, price, 10);
        return command(driver, OutputKind.VENUE_AMEND);
    }

    private static EngineOutput command(final BlpDriver driver, final OutputKind kind)
    {
        final List<EngineOutput> commands = driver.matching(o -> o.kind == kind);
        return commands.get(commands.size() - 1);
    }
}
