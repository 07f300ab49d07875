package io.horizon.fix;

import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue of what waits for a back-pressured FIX session: commands and reconciliation's status
 * requests come out in the order they went in, each as what it is, also across the queue growing
 * past its first slots (sustained back-pressure) after it has wrapped around.
 */
final class DeferredCommandsTest
{
    @Test
    void shouldKeepCommandsAndStatusRequestsInOrderAcrossWrapAndGrowth()
    {
        final DeferredCommands queue = new DeferredCommands();
        // Wrap the ring first, so growth has to unroll it.
        for (int i = 0; i < 100; i++)
        {
            queue.add(SimulatorHarness.command(OutputKind.VENUE_NEW, 9_000 + i, Side.BUY, 100, 1));
            queue.removeOldest();
        }
        final int entries = 1_000;
        for (int i = 0; i < entries; i++)
        {
            switch (i % 3)
            {
                case 0 -> queue.add(SimulatorHarness.command(OutputKind.VENUE_CANCEL, i, Side.SELL, 100, 1));
                case 1 -> queue.addOrderStatus(i);
                default -> queue.addMassStatus();
            }
        }
        assertEquals(entries, queue.size());
        for (int i = 0; i < entries; i++)
        {
            final byte kind = queue.oldestKind();
            switch (i % 3)
            {
                case 0 ->
                {
                    assertEquals(DeferredCommands.COMMAND, kind, "entry " + i);
                    assertEquals(OutputKind.VENUE_CANCEL, queue.oldest().kind, "entry " + i);
                    assertEquals(i, queue.oldest().orderId, "entry " + i);
                }
                case 1 ->
                {
                    assertEquals(DeferredCommands.ORDER_STATUS, kind, "entry " + i);
                    assertEquals(i, queue.oldest().orderId, "entry " + i);
                }
                default -> assertEquals(DeferredCommands.MASS_STATUS, kind, "entry " + i);
            }
            queue.removeOldest();
        }
        assertTrue(queue.isEmpty());
        assertNull(queue.oldest());
    }
}
