package io.horizon.engine.order;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ClientOrderIdGeneratorTest
{
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldPutTheTimestampInTheTop48Bits()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(1);

        generator.next(T0);

        assertEquals(T0, ClientOrderIds.timestampMillis(generator.hi()));
        assertEquals(T0, ClientOrderId.parse(ClientOrderIds.format(generator.hi(), generator.lo())).timestampMillis());
    }

    @Test
    void shouldProduceTheSameSequenceFromTheSameSeed()
    {
        final ClientOrderIdGenerator a = new ClientOrderIdGenerator(12345);
        final ClientOrderIdGenerator b = new ClientOrderIdGenerator(12345);
        final SplittableRandom clock = new SplittableRandom(99);
        long t = T0;

        for (int i = 0; i < 10_000; i++)
        {
            t += clock.nextInt(-2, 3);
            a.next(t);
            b.next(t);

            assertEquals(a.hi(), b.hi());
            assertEquals(a.lo(), b.lo());
        }
    }

    @Test
    void shouldProduceDifferentRandomnessFromDifferentSeeds()
    {
        final ClientOrderIdGenerator a = new ClientOrderIdGenerator(1);
        final ClientOrderIdGenerator b = new ClientOrderIdGenerator(2);

        a.next(T0);
        b.next(T0);

        assertNotEquals(a.lo(), b.lo());
    }

    @Test
    void shouldIncrementTheRandomPartWithinTheSameMillisecond()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(3);
        generator.next(T0);
        final long hi = generator.hi();
        final long lo = generator.lo();

        generator.next(T0);

        assertEquals(hi, generator.hi());
        assertEquals(lo + 1, generator.lo());
    }

    @Test
    void shouldKeepTheLastMillisecondWhenTheClockStepsBackwards()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(4);
        generator.next(T0);
        final long hi = generator.hi();
        final long lo = generator.lo();

        generator.next(T0 - 5_000);

        assertEquals(hi, generator.hi());
        assertEquals(lo + 1, generator.lo());
        assertEquals(T0, ClientOrderIds.timestampMillis(generator.hi()));
    }

    @Test
    void shouldBeStrictlyIncreasingUnderRepeatedAndBackwardTimestamps()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(5);
        final SplittableRandom clock = new SplittableRandom(6);
        long t = T0;
        generator.next(t);
        long prevHi = generator.hi();
        long prevLo = generator.lo();

        for (int i = 0; i < 100_000; i++)
        {
            t += clock.nextInt(-3, 4);
            generator.next(t);

            final String prev = ClientOrderIds.format(prevHi, prevLo);
            final String next = ClientOrderIds.format(generator.hi(), generator.lo());
            assertTrue(ClientOrderIds.compare(prevHi, prevLo, generator.hi(), generator.lo()) < 0, prev + " !< " + next);
            assertTrue(prev.compareTo(next) < 0, prev + " !< " + next);
            prevHi = generator.hi();
            prevLo = generator.lo();
        }
    }

    @Test
    void shouldCarryFromLoIntoTheRandomBitsOfHi()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(7);
        final long hi = (T0 << 16) | 0x1234;
        generator.resumeAfter(hi, -1L);

        generator.next(T0);

        assertEquals((T0 << 16) | 0x1235, generator.hi());
        assertEquals(0L, generator.lo());
        assertTrue(ClientOrderIds.compare(hi, -1L, generator.hi(), generator.lo()) < 0);
    }

    @Test
    void shouldAdvanceTheMillisecondAndDrawFreshRandomnessWhenThe80RandomBitsOverflow()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(8);
        final long hi = (T0 << 16) | 0xFFFF;
        generator.resumeAfter(hi, -1L);

        generator.next(T0 - 1);

        assertEquals(T0 + 1, ClientOrderIds.timestampMillis(generator.hi()));
        assertTrue(ClientOrderIds.compare(hi, -1L, generator.hi(), generator.lo()) < 0);
        final ClientOrderIdGenerator fresh = new ClientOrderIdGenerator(8);
        fresh.next(T0 + 1);
        assertEquals(fresh.hi(), generator.hi());
        assertEquals(fresh.lo(), generator.lo());
    }

    @Test
    void shouldContinueFromTheAdvancedMillisecondUntilTheClockCatchesUp()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(9);
        generator.resumeAfter((T0 << 16) | 0xFFFF, -1L);
        generator.next(T0);
        final long hi = generator.hi();
        final long lo = generator.lo();

        generator.next(T0 + 1);

        assertEquals(hi, generator.hi());
        assertEquals(lo + 1, generator.lo());
    }

    @Test
    void shouldAcceptTheFirstAndLastTimestampsThatFit48Bits()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(10);

        generator.next(0);
        assertEquals(0, ClientOrderIds.timestampMillis(generator.hi()));

        generator.next(ClientOrderIds.MAX_TIMESTAMP_MILLIS);
        assertEquals(ClientOrderIds.MAX_TIMESTAMP_MILLIS, ClientOrderIds.timestampMillis(generator.hi()));
        assertTrue(ClientOrderIds.format(generator.hi(), generator.lo()).startsWith("hzn_7ZZZZZZZZZ"));
    }

    @Test
    void shouldRejectATimestampThatDoesNotFit48Bits()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(11);

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> generator.next(1L << 48));

        assertEquals(
            "client order id timestamp 281474976710656 ms must be between 0 and 281474976710655 " +
            "(48 bits of milliseconds since the epoch)",
            ex.getMessage());
    }

    @Test
    void shouldRejectANegativeTimestamp()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(12);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> generator.next(-1));

        assertEquals(
            "client order id timestamp -1 ms must be between 0 and 281474976710655 " +
            "(48 bits of milliseconds since the epoch)",
            ex.getMessage());
    }

    @Test
    void shouldRefuseToWrapWhenEveryIdHasBeenUsed()
    {
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(13);
        generator.resumeAfter(-1L, -1L);

        final IllegalStateException ex = assertThrows(
            IllegalStateException.class, () -> generator.next(ClientOrderIds.MAX_TIMESTAMP_MILLIS));

        assertEquals("client order ids exhausted at timestamp 281474976710655 ms", ex.getMessage());
    }

    @Test
    void shouldNotAllocateWhenGeneratingIds()
    {
        final java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)plain;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        if (!threads.isThreadAllocatedMemoryEnabled())
        {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(14);
        final long[] sink = new long[1];

        for (int round = 0; round < 3; round++)
        {
            bytesAllocatedGenerating(threads, generator, T0 + round * 100_000L, sink);
        }
        // The JVM itself now and then charges a few hundred bytes to this thread (compilation,
        // deoptimisation) inside one window. Allocation by next() would show in every window, at
        // least a megabyte each, so the quietest of several windows must be exactly zero.
        final long[] allocated = new long[5];
        long quietest = Long.MAX_VALUE;
        for (int round = 0; round < allocated.length; round++)
        {
            allocated[round] = bytesAllocatedGenerating(threads, generator, T0 + (round + 3) * 100_000L, sink);
            quietest = Math.min(quietest, allocated[round]);
        }

        assertEquals(0, quietest, () -> "bytes allocated by 100k calls to next(), per window: " +
            Arrays.toString(allocated));
        assertNotEquals(0, sink[0]);
    }

    private static long bytesAllocatedGenerating(
        final com.sun.management.ThreadMXBean threads,
        final ClientOrderIdGenerator generator,
        final long start,
        final long[] sink)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        long acc = 0;
        for (int i = 0; i < 100_000; i++)
        {
            // Mostly repeated milliseconds, some steps back, some forward.
            generator.next(start + (i >> 3) - (i & 1));
            acc += generator.hi() ^ generator.lo();
        }
        final long after = threads.getCurrentThreadAllocatedBytes();
        sink[0] += acc;
        return after - before;
    }
}
