package io.horizon.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.ExecutionReportListener;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.SyncPolicy;
import org.HdrHistogram.Histogram;

/**
 * The full engine at a fixed rate, as production runs it: journal on (both queues, real files),
 * every risk layer on, the paper venue answering, venue responses re-entering the ring; in the
 * threading mode asked for.
 * <pre>
 * dedicated (4 threads + the journal's syncer):
 *   sender --planned time--> INBOUND RING --> journal (Chronicle, writes) --+--> syncer: fdatasync, "durable up to N"
 *                                  |     \--> BLP (risk, orders) ---------+             |
 *                                  |                                      gateway <--- waits for durable
 *                                  ^                                         |    \--> paper venue
 *                                  |                                         \--> timer: report latency
 *                                  +------------- venue responses ----------+
 * shared (2 threads + the journal's syncer):
 *   sender --planned time--> INBOUND RING <-- engine: journal batch (writes, hands it to the syncer),
 *                                  ^                  then BLP + gateway per event once durable
 *                                  |                         |    \--> timer: report latency
 *                                  +---- venue responses ----+
 * </pre>
 * The syncer ({@code horizon-journal-sync}) sleeps in the kernel while the device works, so it
 * takes little CPU; under {@code --journal-sync batch} every report waits for its cause's sync.
 * <p>
 * Latency runs from an order event's planned send time to its report leaving the gateway (after
 * the journal has it, and under {@code batch} after it is durable), recorded on the gateway (or
 * engine) thread into a histogram that only it writes. CPU use is that of the engine's own threads
 * (the syncer's included) over the measured window.
 * <p>
 * Threading: {@link #run} on the caller's thread, which is the sender.
 */
final class HorizonRun
{
    private static final String ENGINE_THREADS = "horizon-";

    private HorizonRun()
    {
    }

    static LatencyResult run(
        final long rate,
        final double seconds,
        final double warmupSeconds,
        final ThreadingMode threading,
        final WaitStrategyKind waitStrategy,
        final Set<String> pinnedRoles,
        final SyncPolicy journalSync,
        final String name) throws IOException
    {
        final Path dir = Files.createTempDirectory("horizon-latency");
        final int ringSize = 1 << 16;
        final long[] plannedBySequence = new long[ringSize];
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final long warmupEvents = (long)(rate * warmupSeconds);
        final long events = warmupEvents + (long)(rate * seconds);
        final SyncBreakdown breakdown = new SyncBreakdown(plannedBySequence);
        final ExecutionReportListener timer = new ExecutionReportListener()
        {
            @Override
            public void onReport(final EngineOutput out)
            {
                if (out.kind != OutputKind.EXECUTION_REPORT ||
                    (out.causeType != EventType.NEW_ORDER && out.causeType != EventType.CANCEL_ORDER))
                {
                    return;
                }
                if (out.execType == ExecType.PENDING_NEW || out.execType == ExecType.PENDING_CANCEL ||
                    out.execType == ExecType.REJECTED || out.execType == ExecType.CANCEL_REJECTED)
                {
                    final long planned = plannedBySequence[(int)(out.causeSequence & (ringSize - 1))];
                    if (planned != 0)
                    {
                        final long now = System.nanoTime();
                        histogram.recordValue(Math.max(0, now - planned));
                        breakdown.reported(out.causeSequence, now);
                    }
                }
            }
        };

        final ChronicleOutputJournal outputs = ChronicleOutputJournal.open(dir);
        final ChronicleJournal journal = ChronicleJournal.open(dir, journalSync, 100);
        if (journalSync != SyncPolicy.NONE)
        {
            journal.syncTimings(breakdown);
        }
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder()
                .threading(threading)
                .ringSize(ringSize)
                .waitStrategy(waitStrategy)
                .pinnedRoles(pinnedRoles)
                .orderCapacity(65_536)
                .heartbeatIntervalMillis(0)
                .drainTimeoutMillis(60_000)
                .build())
            .referenceData(HarnessWorkload.referenceData())
            .journal(journal)
            .outputJournal(outputs)
            .venue(new PaperVenue(HarnessWorkload.referenceData(), 65_536))
            .risk(new RiskChain(HarnessWorkload.riskConfig()))
            .reportListener(timer)
            .clock(System::nanoTime)
            .build()
            .start();
        long sent = 0;
        long measureStart = 0;
        long lastSend = 0;
        long cpuBefore = -1;
        long cpuAfter = -1;
        boolean drained;
        try
        {
            final RingBuffer<InboundEvent> ring = pipeline.ring();
            final Schedule schedule = new Schedule(System.nanoTime() + 1_000_000, rate);
            for (long i = 0; i < events; i++)
            {
                final long planned = schedule.awaitSlot(i);
                final long seq = ring.next();
                try
                {
                    HarnessWorkload.fill(ring.get(seq), i, planned);
                    final boolean timed = i >= warmupEvents && HarnessWorkload.isTimed(i);
                    plannedBySequence[(int)(seq & (ringSize - 1))] = timed ? planned : 0;
                }
                finally
                {
                    ring.publish(seq);
                }
                if (i == warmupEvents)
                {
                    measureStart = planned;
                    cpuBefore = ThreadCpu.nanos(ENGINE_THREADS);
                }
                if (i >= warmupEvents)
                {
                    sent++;
                }
                lastSend = System.nanoTime();
            }
            cpuAfter = ThreadCpu.nanos(ENGINE_THREADS);
            drained = pipeline.awaitIdle(60_000);
        }
        finally
        {
            pipeline.drainAndStop();
            outputs.close();
            journal.close();
            delete(dir);
        }
        final double elapsed = (lastSend - measureStart) / 1e9;
        final double achieved = sent / Math.max(elapsed, 1e-9);
        final boolean keptUp = drained && achieved >= 0.95 * rate;
        return new LatencyResult(name, rate, sent, achieved, keptUp, histogram,
            ThreadCpu.cores(cpuBefore, cpuAfter, lastSend - measureStart), breakdown.summary());
    }

    static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
