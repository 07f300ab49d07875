package io.horizon.engine.counter;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several readers of one latency recorder: the metrics exporter and the counters-file publisher
 * behind {@code horizon stat} each see every sample, once.
 */
final class LatencyIntervalTest
{
    @Test
    void shouldGiveEveryReaderEverySampleOnce()
    {
        final LatencyRecorder recorder = new EngineLatency().recorder("horizon_test_latency_seconds", LatencyRecorder.Kind.PERCENTILES, 1_000_000);
        final LatencyInterval stat = recorder.newInterval();
        recorder.record(100);
        recorder.record(200);

        final Histogram exported = recorder.intervalHistogram(null);
        assertEquals(2, exported.getTotalCount(), "the exporter's first interval holds what was recorded before it asked");
        recorder.record(300);
        final Histogram published = stat.take(null);
        assertEquals(3, published.getTotalCount(), "the exporter taking its interval did not steal the publisher's samples");
        assertEquals(300, published.getMaxValue());

        assertEquals(1, recorder.intervalHistogram(exported).getTotalCount(), "the exporter sees the sample recorded since");
        assertEquals(0, stat.take(published).getTotalCount(), "nothing is counted twice");
    }

    @Test
    void shouldStartALaterReadersFirstIntervalWhenItJoins()
    {
        final LatencyRecorder recorder = new EngineLatency().recorder("horizon_test_latency_seconds", LatencyRecorder.Kind.PERCENTILES, 1_000_000);
        recorder.record(100);
        assertEquals(1, recorder.intervalHistogram(null).getTotalCount());
        recorder.record(200);
        final LatencyInterval late = recorder.newInterval();
        recorder.record(300);

        assertEquals(1, late.take(null).getTotalCount(), "a reader that joins later sees only what came after it joined");
        assertEquals(2, recorder.intervalHistogram(null).getTotalCount(), "the exporter still gets every sample");
    }
}
