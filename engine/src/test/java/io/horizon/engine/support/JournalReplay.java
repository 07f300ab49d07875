package io.horizon.engine.support;

import java.util.List;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.pipeline.EnginePipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the determinism tests share: feed a recorded input into a fresh pipeline with side effects
 * off, as recovery does, and compare its outputs with the live run's, naming the first output that
 * diverged.
 */
public final class JournalReplay
{
    private JournalReplay()
    {
    }

    /**
     * @param pipeline a pipeline built with {@code sideEffects(false)} whose report listener is
     *                 {@code replayed}; not started.
     * @param replayed records its outputs.
     * @param input    the live run's inbound events, in journal order.
     * @return every output of the replay.
     */
    public static List<EngineOutput> replay(
        final EnginePipeline pipeline, final RecordingReports replayed, final List<InboundEvent> input)
    {
        pipeline.start();
        try
        {
            for (final InboundEvent event : input)
            {
                final long seq = pipeline.ring().next();
                pipeline.ring().get(seq).copyFrom(event);
                pipeline.ring().publish(seq);
            }
            assertTrue(pipeline.awaitIdle(30_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
        }
        return replayed.all();
    }

    /**
     * Fails at the first output that differs, showing both, then on a different count.
     */
    public static void assertSameOutputs(final List<EngineOutput> expected, final List<EngineOutput> actual)
    {
        final int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++)
        {
            if (!expected.get(i).sameAs(actual.get(i)))
            {
                fail("output " + i + " diverged:\n expected " + expected.get(i) + "\n actual   " + actual.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), "output count");
    }
}
