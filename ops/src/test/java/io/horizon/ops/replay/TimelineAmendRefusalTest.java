package io.horizon.ops.replay;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.ops.preset.EmbeddedPresets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timeline of a refused amend shows what it asked for beside the order's own price, and says
 * "asked price unknown" for a report journaled before the journal kept it (schema 1).
 */
final class TimelineAmendRefusalTest
{
    private static EngineOutput refusedAmend(final long askedPrice, final long askedQuantity)
    {
        final EngineOutput o = new EngineOutput();
        o.kind = OutputKind.EXECUTION_REPORT;
        o.execType = ExecType.REPLACE_REJECTED;
        o.state = OrderState.NEW;
        o.orderId = 7;
        o.accountId = 0;
        o.instrumentId = 0;
        o.strategyId = 0;
        o.side = Side.BUY;
        o.orderType = OrderType.LIMIT;
        o.price = FixedPoint.parse("189.5");
        o.quantity = FixedPoint.ofUnits(5);
        o.rejectReason = RejectReason.INVALID_PRICE;
        o.rejectValue = askedPrice;
        o.amendPrice = askedPrice;
        o.amendQuantity = askedQuantity;
        return o;
    }

    private static String text(final EngineOutput o) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            TimelineFormatter formatter = TimelineFormatter.text(EmbeddedPresets.paper().referenceData(), out))
        {
            formatter.output(o);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final EngineOutput o) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TimelineFormatter formatter = TimelineFormatter.json(EmbeddedPresets.paper().referenceData(), bytes))
        {
            formatter.output(o);
        }
        return new ObjectMapper().readValue(bytes.toString(StandardCharsets.UTF_8).trim(), Map.class);
    }

    @Test
    void shouldShowWhatARefusedAmendAskedForBesideTheOrdersOwnPrice() throws Exception
    {
        final EngineOutput o = refusedAmend(0, FixedPoint.ofUnits(20));

        final String line = text(o);
        assertTrue(line.contains("5 @ 189.5") && line.contains("asked 20 @ 0"), line);
        final Map<String, Object> json = json(o);
        assertEquals(0, ((Number)json.get("amend_price")).intValue(), json::toString);
        assertEquals(20, ((Number)json.get("amend_quantity")).intValue(), json::toString);
    }

    @Test
    void shouldSayTheAskedPriceIsUnknownForAReportJournaledBeforeItWasKept() throws Exception
    {
        final EngineOutput o = refusedAmend(EngineOutput.UNKNOWN, EngineOutput.UNKNOWN);

        final String line = text(o);
        assertTrue(line.contains("asked price unknown"), line);
        final Map<String, Object> json = json(o);
        assertTrue(json.containsKey("amend_price"), json::toString);
        assertNull(json.get("amend_price"), "not invented: " + json);
        assertNull(json.get("amend_quantity"));
    }
}
