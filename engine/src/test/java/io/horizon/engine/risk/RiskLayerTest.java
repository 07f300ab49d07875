package io.horizon.engine.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;

import io.horizon.engine.output.AlertKind;
import org.junit.jupiter.api.Test;

class RiskLayerTest
{
    @Test
    void shouldKeepTheLabelsThatDashboardsAndAlertRulesSelectOnInChainOrder()
    {
        // horizon_order_rejects_total{layer} and horizon_risk_decisions_total{layer}: renaming a
        // constant must never rename a series.
        assertArrayEquals(
            new String[] {"kill_switch", "drawdown", "sanity", "price_bounds", "notional", "rate_limit", "orders_per_tick",
                "market_orders", "stop_loss_cooldown", "fat_finger", "exposure", "dedup"},
            Arrays.stream(RiskLayer.values()).map(RiskLayer::label).toArray(String[]::new));
    }

    @Test
    void shouldKeepTheJournaledCodesOfKillSwitchResetDetails()
    {
        assertEquals(1, AlertKind.ResetBy.OPERATOR.code());
        assertEquals(2, AlertKind.ResetBy.AUTOMATIC.code());
        assertEquals(1, AlertKind.ResetRefusal.NO_REASON.code());
        assertEquals(-1, AlertKind.RESET_WHILE_ARMED);
        assertEquals(AlertKind.ResetBy.AUTOMATIC, AlertKind.ResetBy.fromCode(2));
        assertNull(AlertKind.ResetBy.fromCode(0));
    }
}
