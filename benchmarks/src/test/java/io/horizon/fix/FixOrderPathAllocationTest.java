package io.horizon.fix;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIX order path allocates nothing once warm (issue 13: 0 B/op on encode and decode): the
 * venue's own classes, through {@link FixOrderPathRig}, send and apply many orders while the
 * thread's allocated bytes are counted. Also checks the path does what it should, so a zero
 * cannot come from a path that does nothing.
 */
final class FixOrderPathAllocationTest
{
    private static final int ORDERS = 50_000;
    private static final int WARMUP = 100_000;

    @Test
    void shouldSendNewOrdersAndApplyTheirAcksAndFillsWithoutAllocatingOnceWarm()
    {
        final FixOrderPathRig rig = new FixOrderPathRig();
        for (int i = 0; i < WARMUP; i++)
        {
            rig.newAckFill();
        }
        assertTrue(rig.lastSent().contains("|35=D|") && rig.lastSent().contains("|11=hzn_") &&
            rig.lastSent().contains("|55=AAPL|") && rig.lastSent().contains("|44=100.25|"), rig.lastSent());

        final long allocated = leastAllocatedBytes(rig::newAckFill);

        // One String or boxed key per order would be at least 16 B/order, 800 kB in all.
        assertTrue(allocated < ORDERS, allocated + " bytes allocated for " + ORDERS + " orders (new, ack, fill)");
        final long orders = WARMUP + 3L * ORDERS;
        assertEquals(orders, rig.responses().acks);
        assertEquals(orders, rig.responses().fills);
        assertEquals(0, rig.responses().unexpected);
        assertEquals(orders, rig.roundTripsTimed(), "each order's round trip timed at its ack, not again at its fill");
    }

    @Test
    void shouldAmendAndCancelWithoutAllocatingOnceWarm()
    {
        final FixOrderPathRig rig = new FixOrderPathRig();
        for (int i = 0; i < WARMUP; i++)
        {
            rig.newAckAmendCancel();
        }
        assertTrue(rig.lastSent().contains("|35=F|") && rig.lastSent().contains("-c1|"), rig.lastSent());

        final long allocated = leastAllocatedBytes(rig::newAckAmendCancel);

        assertTrue(allocated < ORDERS, allocated + " bytes allocated for " + ORDERS + " orders (new, ack, amend, cancel)");
        assertEquals(WARMUP + 3L * ORDERS, rig.responses().canceled);
        // The order's (at its ack) and the cancel's (at its report); the replace is not answered here.
        assertEquals(2 * (WARMUP + 3L * ORDERS), rig.roundTripsTimed(), "the order's and the cancel's round trips");
        assertEquals(0, rig.responses().unexpected);
    }

    /**
     * @return the fewest bytes the thread allocated in three rounds of {@link #ORDERS} calls: the
     *         JIT may still be compiling in the first round on a busy machine (then the path
     *         allocates until escape analysis applies); a path that allocates does so in every round.
     */
    private static long leastAllocatedBytes(final java.util.function.LongSupplier work)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ORDERS; i++)
            {
                work.getAsLong();
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(thread) - before);
        }
        return least;
    }
}
