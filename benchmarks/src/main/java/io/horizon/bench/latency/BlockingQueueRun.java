package io.horizon.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.venue.VenueResponseEvents;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.SyncPolicy;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * Baseline (c): the same pipeline and the same work (journal, BLP with every risk layer, paper
 * venue, responses fed back) written the way one would without the Disruptor: plain threads
 * joined by {@link ArrayBlockingQueue}s, a new object per event and per output.
 * <pre>
 *   sender --> [inQ] --> journal thread --> [blpQ] --> BLP thread --> [gwQ] --> gateway thread --> paper venue
 *                ^                                                                  |  \--> timer
 *                +------------------------ venue responses -------------------------+
 * </pre>
 * Threading: {@link #run} on the caller's thread, which is the sender; three worker threads.
 */
final class BlockingQueueRun
{
    private static final int QUEUE_CAPACITY = 1 << 16;
    private static final int PLANNED_SLOTS = 1 << 20;

    private BlockingQueueRun()
    {
    }

    static LatencyResult run(final long rate, final double seconds, final double warmupSeconds, final SyncPolicy journalSync)
        throws IOException, InterruptedException
    {
        final Path dir = Files.createTempDirectory("horizon-latency-abq");
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final long warmupEvents = (long)(rate * warmupSeconds);
        final long events = warmupEvents + (long)(rate * seconds);
        final BlockingQueue<InboundEvent> inQ = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final BlockingQueue<InboundEvent> blpQ = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final BlockingQueue<EngineOutput> gwQ = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final long[] plannedBySequence = new long[PLANNED_SLOTS];
        final AtomicLong gatewayTaken = new AtomicLong();
        final AtomicLong blpEmitted = new AtomicLong();
        final AtomicLong enqueued = new AtomicLong();
        final AtomicLong blpTaken = new AtomicLong();

        final ChronicleJournal journal = ChronicleJournal.open(dir, journalSync, 100);
        final Thread journalThread = new Thread(() ->
        {
            journal.onStart();
            long sequence = 0;
            try
            {
                while (true)
                {
                    final InboundEvent e = inQ.take();
                    journal.append(e, sequence++, inQ.isEmpty());
                    blpQ.put(e);
                }
            }
            catch (final InterruptedException ex)
            {
                journal.onShutdown();
            }
        }, "abq-journal");

        final EngineCounters counters = new EngineCounters();
        final Outbox outbox = new Outbox(1 << 18);
        final BusinessLogicProcessor blp = new BusinessLogicProcessor(
            HarnessWorkload.referenceData(), 65_536, 42, outbox, counters, new RiskChain(HarnessWorkload.riskConfig()), List.of());
        final Thread blpThread = new Thread(() ->
        {
            long sequence = 0;
            try
            {
                while (true)
                {
                    final InboundEvent e = blpQ.take();
                    plannedBySequence[(int)(sequence & (PLANNED_SLOTS - 1))] = e.feedSequence;
                    blp.onEvent(e, sequence++, true);
                    EngineOutput out;
                    while ((out = outbox.peek()) != null)
                    {
                        gwQ.put(new EngineOutput().copyFrom(out));
                        outbox.consume();
                        blpEmitted.incrementAndGet();
                    }
                    blpTaken.incrementAndGet();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "abq-blp");

        final PaperVenue venue = new PaperVenue(HarnessWorkload.referenceData(), 65_536);
        final VenueResponses responses = new VenueResponseEvents(new QueueSlots(inQ, enqueued), new SystemEpochNanoClock(), 1);
        final Thread gatewayThread = new Thread(() ->
        {
            try
            {
                while (true)
                {
                    final EngineOutput out = gwQ.take();
                    switch (out.kind)
                    {
                        case VENUE_NEW:
                            venue.submit(out, responses);
                            break;
                        case VENUE_CANCEL:
                            venue.cancel(out, responses);
                            break;
                        case VENUE_AMEND:
                            venue.amend(out, responses);
                            break;
                        default:
                            time(out, plannedBySequence, histogram);
                            break;
                    }
                    gatewayTaken.incrementAndGet();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "abq-gateway");

        journalThread.start();
        blpThread.start();
        gatewayThread.start();
        final Schedule schedule = new Schedule(System.nanoTime() + 1_000_000, rate);
        long measureStart = 0;
        long lastSend = 0;
        for (long i = 0; i < events; i++)
        {
            final long planned = schedule.awaitSlot(i);
            final InboundEvent e = new InboundEvent();
            HarnessWorkload.fill(e, i, planned);
            if (e.type != EventType.QUOTE)
            {
                // The timed events carry their planned time in a field orders do not use.
                e.feedSequence = i >= warmupEvents ? planned : 0;
            }
            inQ.put(e);
            enqueued.incrementAndGet();
            if (i == warmupEvents)
            {
                measureStart = planned;
            }
            lastSend = System.nanoTime();
        }
        final long deadline = System.nanoTime() + 60_000_000_000L;
        boolean drained = false;
        while (System.nanoTime() < deadline)
        {
            if (inQ.isEmpty() && blpQ.isEmpty() && gwQ.isEmpty() && blpTaken.get() == enqueued.get() &&
                gatewayTaken.get() == blpEmitted.get())
            {
                drained = true;
                break;
            }
            Thread.sleep(1);
        }
        journalThread.interrupt();
        blpThread.interrupt();
        gatewayThread.interrupt();
        journalThread.join(5_000);
        blpThread.join(5_000);
        gatewayThread.join(5_000);
        journal.close();
        HorizonRun.delete(dir);
        final long sent = events - warmupEvents;
        final double achieved = sent / Math.max((lastSend - measureStart) / 1e9, 1e-9);
        return new LatencyResult("blocking-queue", rate, sent, achieved, drained && achieved >= 0.95 * rate, histogram);
    }

    private static void time(final EngineOutput out, final long[] plannedBySequence, final Histogram histogram)
    {
        if (out.kind != OutputKind.EXECUTION_REPORT ||
            (out.causeType != EventType.NEW_ORDER && out.causeType != EventType.CANCEL_ORDER))
        {
            return;
        }
        if (out.execType == ExecType.PENDING_NEW || out.execType == ExecType.PENDING_CANCEL ||
            out.execType == ExecType.REJECTED || out.execType == ExecType.CANCEL_REJECTED)
        {
            final long planned = plannedBySequence[(int)(out.causeSequence & (PLANNED_SLOTS - 1))];
            if (planned != 0)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - planned));
            }
        }
    }

    /**
     * Venue responses as new events on the input queue, as a queue-based design would do it: a
     * fresh event per response, then a blocking put.
     */
    private static final class QueueSlots implements VenueResponseEvents.EventSlots
    {
        private final BlockingQueue<InboundEvent> inQ;
        private final AtomicLong enqueued;

        QueueSlots(final BlockingQueue<InboundEvent> inQ, final AtomicLong enqueued)
        {
            this.inQ = inQ;
            this.enqueued = enqueued;
        }

        @Override
        public InboundEvent claim()
        {
            return new InboundEvent();
        }

        @Override
        public void commit(final InboundEvent event)
        {
            try
            {
                inQ.put(event);
                enqueued.incrementAndGet();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
