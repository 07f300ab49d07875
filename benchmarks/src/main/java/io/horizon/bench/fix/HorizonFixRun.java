package io.horizon.bench.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.lmax.disruptor.RingBuffer;
import io.horizon.bench.HarnessRisk;
import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskLimit;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.FixSessionSettings;
import io.horizon.fix.FixVenue;
import io.horizon.fix.FramerPlacement;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.SyncPolicy;
import org.agrona.collections.Long2LongHashMap;

/**
 * Horizon's side of the round trip: the whole engine as the daemon runs it (journal on, every
 * risk layer on) with its FIX venue (Artio) as the venue, against the simulator through the tap.
 * <pre>
 *   sender --order event--> RING --> journal --> BLP (risk) --> gateway --> [DECISION] FixVenue.submit
 *                            ^                                                  | Artio library -> Aeron -> Artio engine
 *                            |                                                  v
 *                            |                                             socket --> WireTap --> simulator
 *                            +-- venue responses <-- FixVenue.poll <-- Artio engine <-- socket <-- WireTap <--+
 *   RING --> journal --> BLP (fill) --> gateway --> report listener [REPORT]
 * </pre>
 * DECISION is the moment the gateway hands the FIX venue its command (the BLP has decided and
 * its cause is journaled); REPORT the moment the fill report leaves the engine. The time from the
 * order event's planned send to DECISION is reported on its own ("engine"): it is the same with
 * any venue.
 * <p>
 * Threading: {@link #run} on the caller's thread, which is the sender.
 */
final class HorizonFixRun
{
    static final long BID = FixedPoint.ofUnits(99);
    static final long ASK = FixedPoint.ofUnits(100);
    static final long CLIENT_ORDER_ID_HI = 1;

    private HorizonFixRun()
    {
    }

    static ReferenceData referenceData()
    {
        return ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
            .account("bench", FixedPoint.ofUnits(1_000_000_000))
            .build();
    }

    static RiskConfig riskConfig()
    {
        // Every other order is the same buy 1 at the ask: not a duplicate here.
        return HarnessRisk.everyLayerUnthrottled().set(RiskLimit.DEDUP_WINDOW_MS, 0).build();
    }

    /**
     * @return the times of every order; the run is over and its threads stopped.
     */
    static RunOutcome run(
        final FixRoundTripHarness.Settings s,
        final FramerPlacement framer,
        final long rate,
        final int simulatorPort) throws IOException
    {
        final int warmup = (int)(rate * s.warmup);
        final int orders = warmup + (int)(rate * s.seconds);
        final RoundTripTimes times = new RoundTripTimes(orders, warmup);
        final Path dir = Files.createTempDirectory("horizon-fix-roundtrip");
        final int[] rejects = new int[1];
        final String[] firstReject = new String[1];
        final WireTap tap = WireTap.start(simulatorPort, times);
        final FixVenue fix = new FixVenue(new FixSessionSettings("sim", "127.0.0.1", tap.port(), "HORIZON", "HZSIM", 30,
            100, 1_000, null, null, true), referenceData(), dir.resolve("fix"), null, s.waitStrategy, framer);
        final TimedVenue venue = new TimedVenue(fix, times, orders);
        final ChronicleOutputJournal outputs = ChronicleOutputJournal.open(dir);
        final ChronicleJournal journal = ChronicleJournal.open(dir, s.journalSync, 100);
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder()
                .threading(s.threading)
                .ringSize(1 << 16)
                .waitStrategy(s.waitStrategy)
                .orderCapacity(Math.max(65_536, Integer.highestOneBit(orders) << 1))
                .heartbeatIntervalMillis(0)
                .drainTimeoutMillis(60_000)
                .build())
            .referenceData(referenceData())
            .journal(journal)
            .outputJournal(outputs)
            .venue(venue)
            .risk(new RiskChain(riskConfig()))
            .reportListener(out ->
            {
                if (out.kind != OutputKind.EXECUTION_REPORT)
                {
                    return;
                }
                if (out.execType == ExecType.FILL)
                {
                    times.report(venue.indexOf(out.orderId), System.nanoTime());
                }
                else if (out.execType == ExecType.REJECTED)
                {
                    if (rejects[0]++ == 0)
                    {
                        firstReject[0] = out.rejectReason + " " + out.rejectValue;
                    }
                }
            })
            .clock(System::nanoTime)
            .build()
            .start();
        boolean drained = false;
        long first = 0;
        long last = 0;
        final ThreadCpu cpu = new ThreadCpu();
        String threads = "";
        try
        {
            awaitLogon(fix);
            final String idle = idleCpu(s.idleSeconds);
            final RingBuffer<InboundEvent> ring = pipeline.ring();
            publish(ring, e -> e.setQuote(System.nanoTime(), 1, 1, 0, BID, FixedPoint.ofUnits(10_000_000), ASK,
                FixedPoint.ofUnits(10_000_000)));
            final FixSchedule schedule = new FixSchedule(System.nanoTime() + 10_000_000, rate);
            for (int i = 0; i < orders; i++)
            {
                final long planned = schedule.awaitSlot(i);
                times.planned[i] = planned;
                final long index = i;
                final boolean buy = (i & 1) == 0;
                publish(ring, e -> e.setNewOrder(planned, 0, 0, buy ? Side.BUY : Side.SELL, OrderType.LIMIT,
                    buy ? ASK : BID, FixedPoint.ofUnits(1), CLIENT_ORDER_ID_HI, index));
                if (i == warmup)
                {
                    first = planned;
                    cpu.start();
                }
                last = System.nanoTime();
            }
            drained = awaitReports(times, orders, 20_000) && pipeline.awaitIdle(20_000);
            threads = idle + ThreadCpu.table(cpu.stop(), cpu.elapsedNanos(), orders - warmup);
        }
        finally
        {
            pipeline.drainAndStop();
            fix.close(2_000);
            outputs.close();
            journal.close();
            tap.close();
            delete(dir);
        }
        final double achieved = (orders - warmup) / Math.max(1e-9, (last - first) / 1e9);
        return new RunOutcome(times, achieved, drained && achieved >= 0.95 * rate, rejects[0], firstReject[0], threads,
            null);
    }

    private static void publish(final RingBuffer<InboundEvent> ring, final java.util.function.Consumer<InboundEvent> fill)
    {
        final long seq = ring.next();
        try
        {
            fill.accept(ring.get(seq));
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /**
     * @return the threads' CPU over {@code seconds} with the session logged on and no order, as
     *         a table with a heading; empty for 0 seconds.
     */
    static String idleCpu(final double seconds)
    {
        if (seconds <= 0)
        {
            return "";
        }
        final ThreadCpu idle = new ThreadCpu();
        idle.start();
        try
        {
            Thread.sleep((long)(seconds * 1000));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final long window = idle.elapsedNanos();
        return String.format(java.util.Locale.ROOT, "  idle, logged on, %.1f s:%n", window / 1e9) +
            ThreadCpu.table(idle.stop(), window, 0) + "  measured orders:\n";
    }

    static void awaitLogon(final FixVenue fix)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!fix.isLoggedOn())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("Horizon's FIX venue did not log on to the simulator within 20 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Waits (up to the timeout) until the last order's fill is reported. */
    static boolean awaitReports(final RoundTripTimes times, final int orders, final long timeoutMillis)
    {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (orders == 0 || times.report[orders - 1] != 0)
            {
                return true;
            }
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * What one run left: its times, the order rate it achieved, whether it kept up, the rejects
     * seen and the first one's reason (or {@code null}), the CPU and wake-ups of each thread
     * over the measured orders ({@link ThreadCpu#table}), and why the sender stopped before the
     * last order ({@code null} when it sent them all).
     */
    record RunOutcome(RoundTripTimes times, double achievedRate, boolean keptUp, int rejects, String firstReject,
        String threads, String stopped)
    {
    }

    /**
     * The FIX venue, with the moment each new order reaches it stamped (DECISION) and its engine
     * order id remembered, so the fill report finds the order's index.
     * <p>
     * Threading: the gateway's thread (the engine thread in the shared mode), like the venue.
     */
    static final class TimedVenue implements Venue
    {
        private final FixVenue venue;
        private final RoundTripTimes times;
        private final Long2LongHashMap indexByOrderId;
        private final PollStamp stamp;

        TimedVenue(final FixVenue venue, final RoundTripTimes times, final int orders)
        {
            this.venue = venue;
            this.times = times;
            this.indexByOrderId = new Long2LongHashMap(orders * 2, 0.65f, -1);
            this.stamp = new PollStamp(this, times);
        }

        long indexOf(final long orderId)
        {
            return indexByOrderId.get(orderId);
        }

        @Override
        public String name()
        {
            return venue.name();
        }

        @Override
        public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
        {
            venue.onMarketData(marketData, responses);
        }

        @Override
        public void submit(final EngineOutput order, final VenueResponses responses)
        {
            final long now = System.nanoTime();
            final long index = order.clientOrderIdHi == CLIENT_ORDER_ID_HI ? order.clientOrderIdLo : -1;
            if (index >= 0)
            {
                indexByOrderId.put(order.orderId, index);
                times.decision(index, now);
            }
            venue.submit(order, responses);
        }

        @Override
        public void cancel(final EngineOutput cancel, final VenueResponses responses)
        {
            venue.cancel(cancel, responses);
        }

        @Override
        public void amend(final EngineOutput amend, final VenueResponses responses)
        {
            venue.amend(amend, responses);
        }

        @Override
        public void reconcile(final EngineOutput order, final VenueResponses responses)
        {
            venue.reconcile(order, responses);
        }

        @Override
        public int poll(final VenueResponses responses)
        {
            return venue.poll(stamp.around(responses));
        }

        @Override
        public boolean isPolled()
        {
            return venue.isPolled();
        }

        @Override
        public void close()
        {
            venue.close();
        }
    }

    /**
     * The responses a poll of the FIX venue reports to, with the moment each fill came out of the
     * library stamped ("in 1" ends there). One per run, no allocation per call.
     * <p>
     * Threading: the venue's polling thread.
     */
    static final class PollStamp implements VenueResponses
    {
        private final TimedVenue venue;
        private final RoundTripTimes times;
        private VenueResponses responses;

        PollStamp(final TimedVenue venue, final RoundTripTimes times)
        {
            this.venue = venue;
            this.times = times;
        }

        VenueResponses around(final VenueResponses responses)
        {
            this.responses = responses;
            return this;
        }

        @Override
        public void fill(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            times.polled(venue.indexOf(orderId), System.nanoTime());
            responses.fill(orderId, accountId, instrumentId, price, quantity, leavesQuantity);
        }

        @Override
        public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
        {
            responses.ack(orderId, accountId, instrumentId, venueOrderId);
        }

        @Override
        public void reject(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
            final long reasonValue)
        {
            responses.reject(orderId, accountId, instrumentId, reason, reasonValue);
        }

        @Override
        public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            responses.canceled(orderId, accountId, instrumentId, leavesQuantity);
        }

        @Override
        public void cancelRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            responses.cancelRejected(orderId, accountId, instrumentId, reason, reasonValue);
        }

        @Override
        public void replaced(final long orderId, final int accountId, final int instrumentId, final long price,
            final long quantity, final long leavesQuantity)
        {
            responses.replaced(orderId, accountId, instrumentId, price, quantity, leavesQuantity);
        }

        @Override
        public void replaceRejected(final long orderId, final int accountId, final int instrumentId,
            final RejectReason reason, final long reasonValue)
        {
            responses.replaceRejected(orderId, accountId, instrumentId, reason, reasonValue);
        }

        @Override
        public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
        {
            responses.expired(orderId, accountId, instrumentId, leavesQuantity);
        }

        @Override
        public void venueError(final long orderId, final int accountId, final int instrumentId, final Throwable failure)
        {
            responses.venueError(orderId, accountId, instrumentId, failure);
        }

        @Override
        public void venueError(final EngineOutput command, final Throwable failure)
        {
            responses.venueError(command, failure);
        }

        @Override
        public void respondingVenue(final int venueId)
        {
            responses.respondingVenue(venueId);
        }
    }
}
