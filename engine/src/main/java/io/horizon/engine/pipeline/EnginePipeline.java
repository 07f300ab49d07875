package io.horizon.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventProcessorFactory;
import com.lmax.disruptor.dsl.ProducerType;
import io.horizon.engine.blp.BusinessLogicProcessor;
import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.counter.AccountGauges;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.OrderFlowCounters;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.DurablePosition;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.output.ExecutionReportListener;
import io.horizon.engine.output.Outbox;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.PreTradeRisk;
import io.horizon.engine.snapshot.ReferenceFingerprint;
import io.horizon.engine.snapshot.SnapshotCodec;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.engine.snapshot.SnapshotTaker;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.strategy.Strategy;
import io.horizon.engine.venue.ReplayableVenue;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueGateway;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's topology, assembled and run:
 * <pre>
 *  feeds ─────────┐                         ┌─ journal ─┐
 *  order entry ───┼─> INBOUND RING (multi-P) ┤           ├─> venue gateway ─> venue
 *  timer, venue ──┘                         └─ BLP ─────┘        │   └──> report listeners
 *        ^                                      └──> outbox ─────┘
 *        └──────────────── venue responses ──────────────────────┘
 * </pre>
 * The journal and the BLP consume the ring in parallel; the gateway is gated on both, so
 * nothing leaves the process before its cause is journaled. Venue responses re-enter the ring.
 * <p>
 * The journal writes; it does not wait for the device. Under {@code --journal-sync batch} its
 * syncer thread (in the journal module; it sleeps in the kernel, so it takes no core from the
 * stages) makes what was written durable, many batches per sync when the disk is slow (group
 * commit), and the gateway acts on an event only once it is durable ({@link DurablePosition}).
 * A sync that fails stops every effect, counts {@code horizon_journal_sync_failures_total} and
 * {@code horizon_handler_errors_total}, and logs an error ({@link JournalSyncWatch}).
 * <p>
 * How many threads carry it is the configuration's {@link ThreadingMode}: {@code dedicated} runs
 * the stages above on the Disruptor, a thread each, with a heartbeat timer thread;
 * {@code shared} runs the same stages, in the same order, on one engine thread
 * ({@link EngineAgent}) whose duty cycle also checks the heartbeat deadline; {@code auto} picks
 * one by the CPUs available ({@link #threading()}). The outputs are the same either way.
 * <p>
 * Heartbeats start with the pipeline when it is live, or at {@link #goLive()}. On recorded time
 * ({@link Builder#recordedTime}) there is no heartbeat timer: the heartbeats are published in step
 * with the data, and everything is stamped with the data's time. Either the source steps recorded
 * time in lock-step ({@link RecordedTime#advanceTo}), or, in the shared mode, it stages its events
 * ({@link #recordedFeed()}) and the engine thread steps through them itself.
 * <p>
 * Threading: build, {@link #start}, {@link #goLive}, {@link #drainAndStop} and {@link #close} from
 * one owner thread. {@link #marketData()} and {@link #orderEntry()} may be used from any thread once
 * started. The BLP's state ({@link #blp()}) may be read only after the pipeline has stopped.
 */
public final class EnginePipeline implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EnginePipeline.class);
    /** Longest a polled venue (a FIX session) waits to be read while the engine is idle. */
    static final long VENUE_POLL_NANOS = 100_000;
    /** Events a recorded source may stage ahead of the engine ({@link RecordedFeed}). */
    static final int RECORDED_STAGE_CAPACITY = 1 << 16;

    private final EngineConfig config;
    private final EngineCounters counters;
    private final EngineLatency latency;
    private final EpochNanoClock clock;
    private final ThreadingMode threading;
    private final String threadingReason;
    private final Disruptor<InboundEvent> disruptor;
    private final AgentRunner engineRunner;
    private final EngineWakeup wakeup;
    private final RingBuffer<InboundEvent> ring;
    private final Outbox outbox;
    private final JournalHandler journal;
    private final BusinessLogicProcessor blp;
    private final VenueGateway gateway;
    private final MarketDataPublisher marketData;
    private final OrderEntry orderEntry;
    private final HeartbeatDeadline heartbeat;
    private final HeartbeatTimer timer;
    private final RecordedTime recordedTime;
    private final RecordedFeed recordedFeed;
    private final List<String> strategyNames;
    private final ReferenceData referenceData;
    private final SnapshotTaker snapshots;
    private final List<BatchEventProcessor<InboundEvent>> processors = new ArrayList<>();
    private final EngineAgent agent;
    private boolean started;
    private boolean stopped;
    private boolean restored;

    private EnginePipeline(final Builder b)
    {
        this.config = b.config;
        final List<String> names = new ArrayList<>();
        for (final Strategy strategy : b.strategies)
        {
            names.add(strategy.name());
        }
        this.strategyNames = List.copyOf(names);
        this.referenceData = b.referenceData;
        this.snapshots = b.snapshots;
        this.counters = b.counters;
        this.latency = b.latency;
        this.clock = b.clock;
        final int cpus = b.availableProcessors > 0 ? b.availableProcessors : Runtime.getRuntime().availableProcessors();
        this.threading = config.threading().resolve(cpus);
        this.threadingReason = config.threading().reason(cpus);
        if (threading == ThreadingMode.DEDICATED)
        {
            this.disruptor = new Disruptor<>(
                InboundEvent::new,
                config.ringSize(),
                new PinnedThreadFactory(List.of("journal", "blp", "gateway"), config.pinnedRoles()),
                ProducerType.MULTI,
                b.venue != null && b.venue.isPolled() ?
                    new VenuePollWaitStrategy(config.waitStrategy(), VENUE_POLL_NANOS) : config.waitStrategy().create());
            this.ring = disruptor.getRingBuffer();
            this.wakeup = null;
        }
        else
        {
            // Nobody waits on this ring: the engine thread polls it, and publishers wake it only when
            // it sleeps until signalled (backoff, blocking); otherwise they signal nothing.
            this.disruptor = null;
            this.wakeup = config.waitStrategy().sleepsUntilSignalled() ? new EngineWakeup() : null;
            this.ring = RingBuffer.createMultiProducer(InboundEvent::new, config.ringSize(),
                wakeup != null ? wakeup : new BusySpinWaitStrategy());
        }
        this.outbox = new Outbox(config.outboxCapacity());
        // Metrics are plain counters and latency recorders written by the stage threads; the
        // order flow is counted from the reports the gateway delivers, before any other listener.
        final String venueName = b.venue == null ? "none" : b.venue.name();
        final List<ExecutionReportListener> listeners = new ArrayList<>();
        // Latency compares the engine clock with event stamps: on recorded time both are the data's
        // time, so it would measure nothing real (zeros); those recorders stay empty there.
        final boolean timed = b.recordedTime == null;
        listeners.add(new OrderFlowCounters(counters, latency, b.referenceData, venueName, config.orderCapacity(), timed ? clock : null));
        listeners.addAll(b.listeners);
        this.blp = new BusinessLogicProcessor(
            b.referenceData, config.orderCapacity(), config.seed(), outbox, counters, b.risk, b.strategies,
            new AccountGauges(counters, b.referenceData, venueName));
        this.blp.snapshotTaker(b.snapshots);
        this.gateway = new VenueGateway(
            b.venue, 1, outbox, counters, listeners, clock, b.outputJournal, b.sideEffects, timed ? latency.ringToGateway() : null);
        this.gateway.ring(ring);
        final DurablePosition durability = b.journal.durability();
        if (b.snapshots != null && gateway.replayable() != null)
        {
            // The venue's book is the gateway thread's: that thread completes each snapshot with it.
            b.snapshots.carryVenueState();
            gateway.snapshots(b.snapshots);
        }
        this.journal = new JournalHandler(b.journal, counters, latency.journalAppend(), gateway::causesNotJournaledFrom);
        this.marketData = new MarketDataPublisher(ring, counters);
        this.orderEntry = new OrderEntry(ring, counters, clock);
        this.recordedTime = b.recordedTime;
        // On recorded time the source publishes the heartbeats, in step with its data; no wall-clock timer.
        this.heartbeat = config.heartbeatIntervalMillis() > 0 && recordedTime == null ?
            new HeartbeatDeadline(ring, counters, clock, b.timerClock, config.heartbeatIntervalMillis()) : null;
        threadingGauge(counters, threading, config.threading(), cpus).setRelease(1);

        if (threading == ThreadingMode.DEDICATED)
        {
            this.recordedFeed = null;
            this.timer = heartbeat == null ? null : new HeartbeatTimer(heartbeat);
            this.engineRunner = null;
            this.agent = null;
            // Processors built here, not by the DSL, so a restored pipeline can start them at the
            // snapshot's journal position (positionAt).
            disruptor.handleEventsWith(processor(journal), processor(blp)).then(processor(gateway));
            gateway.durability(durability);
            durability.listener(new JournalSyncWatch(counters, gateway::wakeForDurability));
        }
        else
        {
            this.timer = null;
            final Sequence released = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
            ring.addGatingSequences(released);
            gateway.setSequenceCallback(released);
            final NanoClock timerClock = b.timerClock;
            // On recorded time the engine thread itself can step the clock through staged events.
            this.recordedFeed = recordedTime == null ? null :
                new RecordedFeed(RECORDED_STAGE_CAPACITY, recordedTime, wakeup != null ? wakeup : new BusySpinWaitStrategy());
            // Stepping a staged recorded feed, effects go at "written" (the data is the file, which
            // can run again): one sync per recorded step would crawl; see EngineAgent.stepRecordedTime.
            final DurablePosition gate = recordedFeed == null ? durability : DurablePosition.IMMEDIATE;
            gateway.durability(gate);
            final EngineWakeup engineWakeup = wakeup;
            durability.listener(new JournalSyncWatch(counters, engineWakeup == null ? () ->
            {
            } : engineWakeup::signalAllWhenBlocking));
            this.agent = new EngineAgent(ring, released, journal, blp, gateway, heartbeat, timerClock,
                recordedTime, recordedFeed, gate);
            final HeartbeatDeadline deadline = heartbeat;
            // A polled venue (FIX) is read on this thread: its idle sleep is bounded like a timer.
            final boolean polledVenue = b.venue != null && b.venue.isPolled();
            this.engineRunner = new AgentRunner(
                wakeup == null ? config.waitStrategy().idleStrategy() : config.waitStrategy().idleStrategy(
                    wakeup, agent::inputPending,
                    () -> Math.min(polledVenue ? VENUE_POLL_NANOS : Long.MAX_VALUE,
                        deadline == null ? Long.MAX_VALUE : deadline.nanosToDeadline(timerClock.nanoTime()))),
                t -> LOG.error("engine duty cycle raised", t),
                counters.handlerErrors,
                this.agent);
        }
        if (recordedTime != null)
        {
            recordedTime.attach(ring, this::isIdle, config.heartbeatIntervalMillis());
        }
    }

    /**
     * Publishes the mode in the counters ({@code horizon stat}, /metrics): a gauge set to 1 whose
     * labels say the mode, what was configured and the CPUs the choice saw.
     */
    private static AtomicCounter threadingGauge(
        final EngineCounters counters, final ThreadingMode mode, final ThreadingMode configured, final int cpus)
    {
        return counters.counter("horizon_engine_threading{mode=\"" + mode.configName() + "\",configured=\"" +
            configured.configName() + "\",cpus=\"" + cpus + "\"}", EngineCounters.TYPE_GAUGE);
    }

    private EventProcessorFactory<InboundEvent> processor(final EventHandler<InboundEvent> handler)
    {
        return (ringBuffer, barrierSequences) ->
        {
            final BatchEventProcessor<InboundEvent> p =
                new BatchEventProcessorBuilder().build(ringBuffer, ringBuffer.newBarrier(barrierSequences), handler);
            p.setExceptionHandler(new CountingExceptionHandler(counters));
            processors.add(p);
            return p;
        };
    }

    /**
     * Restores the engine from a snapshot before it starts: the BLP takes the snapshot's state,
     * and the ring and every stage continue from its journal index, so the journal's tail replays
     * onto the sequences it was journaled with (ring sequence = journal index, as always). When
     * the snapshot carries a venue's book and this pipeline's venue has a replayable part (the
     * paper venue), that part takes the book and the gateway calls it through the tail
     * ({@link VenueGateway#followJournal()}); otherwise (a snapshot without a book, from an earlier
     * release) the book is left to the recovery RECONCILE step. Without a restore, {@link #start()}
     * has the gateway follow the whole journal from record 0, so the book is rebuilt the same way.
     *
     * @param image  the snapshot's bytes ({@link SnapshotCodec}).
     * @param length how many.
     * @return what the snapshot covers.
     * @throws SnapshotFormatException when it is damaged, foreign, or taken with other instruments,
     *                                 accounts, order capacity or strategies; discard this pipeline then
     *                                 (its BLP may hold part of the state).
     */
    public SnapshotFacts restore(final DirectBuffer image, final int length)
    {
        if (started || ring.getCursor() != RingBuffer.INITIAL_CURSOR_VALUE)
        {
            throw new IllegalStateException("restore a snapshot before the pipeline starts and before anything is published");
        }
        final StateReader state = new StateReader();
        final StateReader venueState = new StateReader();
        final SnapshotCodec codec = new SnapshotCodec();
        final SnapshotFacts facts = codec.read(image, length, state, venueState);
        final long fingerprint = ReferenceFingerprint.of(referenceData);
        if (facts.referenceFingerprint() != fingerprint)
        {
            throw new SnapshotFormatException("it was taken with other instruments or accounts (" + facts.instrumentCount() +
                " instruments, " + facts.accountCount() + " accounts, fingerprint " + Long.toHexString(facts.referenceFingerprint()) +
                "; this engine has " + referenceData.instrumentCount() + " and " + referenceData.accountCount() + ", fingerprint " +
                Long.toHexString(fingerprint) + ")");
        }
        final ReplayableVenue book = gateway.replayable();
        final boolean withBook = book != null && codec.hasVenueState();
        if (withBook)
        {
            // Checked whole before it replaces anything (the trial pipeline has no venue to try it on).
            book.readState(venueState);
            if (venueState.remaining() != 0)
            {
                throw new SnapshotFormatException("its venue state has " + venueState.remaining() +
                    " bytes this engine's venues do not read: it was taken with other venues");
            }
        }
        blp.readState(state);
        blp.resumeAt(facts.journalIndex());
        restored = true;
        if (withBook)
        {
            gateway.followJournal();
        }
        LOG.info("snapshot at journal index {} restored{}", facts.journalIndex(), book == null ? "" : withBook ?
            "; the venue's book with it, carried through the journal's tail" :
            "; it has no venue book (a snapshot of an earlier release): the recovery RECONCILE rebuilds it");
        positionAt(facts.journalIndex());
        if (snapshots != null)
        {
            snapshots.resumeFrom(facts);
        }
        return facts;
    }

    /**
     * Makes {@code first} the next sequence the ring hands out and every stage waits for.
     */
    private void positionAt(final long first)
    {
        if (first <= 0)
        {
            return;
        }
        // Safe only here: before any producer or consumer runs (Disruptor's own caveat).
        ring.claimAndGetPreallocated(first - 1);
        for (final BatchEventProcessor<InboundEvent> p : processors)
        {
            p.getSequence().set(first - 1);
        }
        if (agent != null)
        {
            agent.positionAt(first);
        }
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts the stage threads (dedicated) or the engine thread (shared), and the heartbeats when
     * the pipeline is live. A pipeline that is not live, was not {@link #restore restored}, and
     * whose venue has a replayable part (the paper venue) follows the whole journal with it
     * ({@link VenueGateway#followJournal()}): the book a whole-journal recovery ends with is the
     * one a snapshot recovery ends with.
     *
     * @return this.
     */
    public EnginePipeline start()
    {
        if (started)
        {
            throw new IllegalStateException("pipeline already started");
        }
        started = true;
        if (!restored && !gateway.isLive() && gateway.replayable() != null)
        {
            // A whole-journal replay: the venue's book was as empty at record 0 as it is now, so
            // following every record rebuilds it exactly as a snapshot and its tail would.
            gateway.followJournal();
        }
        if (disruptor != null)
        {
            disruptor.start();
        }
        else
        {
            // Pinning names stage roles; in the shared mode any of them pins the one engine thread.
            AgentRunner.startOnThread(engineRunner, new PinnedThreadFactory(
                List.of("engine"), config.pinnedRoles().isEmpty() ? Set.of() : Set.of("engine")));
        }
        if (gateway.isLive())
        {
            startHeartbeats();
        }
        LOG.info("engine started: {}; threading {} ({}){}", config, threading.configName(), threadingReason,
            engineRunner == null ? "" : ", engine thread idles " + config.waitStrategy().configName() +
                (wakeup != null ? ", woken by publishers" : ""));
        return this;
    }

    /**
     * Turns venue calls on after recovery: call once the replayed journal has been processed
     * ({@link #awaitIdle}), before live producers start.
     */
    public void goLive()
    {
        gateway.goLive();
        // Heartbeats are live input: they must not interleave with the replayed journal.
        startHeartbeats();
    }

    private void startHeartbeats()
    {
        if (timer != null)
        {
            timer.start();
        }
        else if (heartbeat != null)
        {
            heartbeat.arm();
        }
    }

    /**
     * @return the threading mode this pipeline runs in: {@link ThreadingMode#SHARED} or
     *         {@link ThreadingMode#DEDICATED} ({@code auto} resolved).
     */
    public ThreadingMode threading()
    {
        return threading;
    }

    /**
     * @return why it runs in that mode ({@code "configured"}, or what {@code auto} saw), for logs
     *         and the run summary.
     */
    public String threadingReason()
    {
        return threadingReason;
    }

    /**
     * @return which clock stamps events, heartbeats and timers: {@code "wall"} (live) or
     *         {@code "recorded"} (the data's own time, {@link RecordedTime}).
     */
    public String clockName()
    {
        return recordedTime == null ? "wall" : "recorded";
    }

    /**
     * @return the engine clock: the wall clock live, the data's time on a recorded source
     *         ({@link #clockName()}). Any thread.
     */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @return records the journals could not write when the pipeline halted, and that were
     *         therefore never acted on: inbound events, then outputs. Any thread.
     */
    public long[] abandonedRecords()
    {
        return new long[]{journal.retry().abandoned(), gateway.journalRetry().abandoned()};
    }

    /**
     * @return the names of the strategies the BLP runs, in strategy-id order.
     */
    public List<String> strategyNames()
    {
        return strategyNames;
    }

    /**
     * @return where feeds publish. Any thread.
     */
    public MarketDataPublisher marketData()
    {
        return marketData;
    }

    /**
     * @return where clients and operators publish. Any thread.
     */
    public OrderEntry orderEntry()
    {
        return orderEntry;
    }

    /**
     * The fast way for a recorded source to publish at {@code --pace max}: stage its events here and
     * let the engine thread step recorded time through them ({@link RecordedFeed}), instead of
     * {@link RecordedTime#advanceTo} and {@link #marketData()} in lock-step. Use one or the other.
     *
     * @return the staged feed; {@code null} when the pipeline is not on recorded time or runs in
     *         the dedicated mode (no one engine thread to step it: use the lock-step there).
     */
    public RecordedFeed recordedFeed()
    {
        return recordedFeed;
    }

    /**
     * @return the raw ring, for tools that publish their own events (replay, tests).
     */
    public RingBuffer<InboundEvent> ring()
    {
        return ring;
    }

    /**
     * @return the counters.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @return the latency recorders the stage threads write, for the metrics sampler.
     */
    public EngineLatency latency()
    {
        return latency;
    }

    /**
     * @return the BLP; read its state only after the pipeline has stopped.
     */
    public BusinessLogicProcessor blp()
    {
        return blp;
    }

    /**
     * @return true when every stage has processed everything published and nothing waits in
     *         the outbox or the gateway's backlog. Any thread.
     */
    public boolean isIdle()
    {
        final long cursor = ring.getCursor();
        return ring.getMinimumGatingSequence() >= cursor &&
            counters.venueBacklog.get() == 0 &&
            (recordedFeed == null || !recordedFeed.pending()) &&
            outbox.isEmpty() &&
            ring.getCursor() == cursor;
    }

    /**
     * Waits until {@link #isIdle()} holds, for tests and tools that drive the pipeline.
     *
     * @param timeoutMillis how long to wait.
     * @return true when idle, false on time-out.
     */
    public boolean awaitIdle(final long timeoutMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int stableChecks = 0;
        while (System.nanoTime() < deadline)
        {
            // Idle twice in a row: a response published between the checks would show up.
            if (isIdle())
            {
                if (++stableChecks >= 2)
                {
                    return true;
                }
            }
            else
            {
                stableChecks = 0;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    /**
     * Stops the heartbeats, waits for every stage to process everything published (venue responses
     * included), then halts the stage threads (or the engine thread). Producers (feeds, clients)
     * must be stopped first. Whatever could not be journaled by then is never acted on
     * ({@link #abandonedRecords()}).
     *
     * @return true when everything drained within the configured drain time-out.
     */
    public boolean drainAndStop()
    {
        if (stopped)
        {
            return true;
        }
        if (timer != null)
        {
            timer.close();
        }
        else if (heartbeat != null)
        {
            heartbeat.disarm();
        }
        boolean drained = true;
        if (started)
        {
            drained = awaitIdle(config.drainTimeoutMillis());
            if (!drained)
            {
                LOG.warn("engine did not drain within {} ms; halting with events still queued", config.drainTimeoutMillis());
            }
            journal.halt();
            gateway.halt();
            if (disruptor != null)
            {
                disruptor.halt();
                awaitStageThreads();
            }
            else
            {
                engineRunner.close();
            }
        }
        stopped = true;
        return drained;
    }

    /**
     * Waits (at most the drain time-out) for the dedicated stage threads to finish, so the journal's
     * sync at shutdown has run before the pipeline says it stopped.
     */
    private void awaitStageThreads()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.drainTimeoutMillis());
        for (final BatchEventProcessor<InboundEvent> p : processors)
        {
            while (p.isRunning() && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(1_000_000);
            }
            if (p.isRunning())
            {
                LOG.warn("a stage thread did not stop within {} ms", config.drainTimeoutMillis());
                return;
            }
        }
    }

    @Override
    public void close()
    {
        drainAndStop();
    }

    /**
     * Counts exceptions that escape a handler (handlers catch their own; this is the backstop)
     * and keeps the processor running.
     */
    private static final class CountingExceptionHandler implements ExceptionHandler<InboundEvent>
    {
        private final EngineCounters counters;

        CountingExceptionHandler(final EngineCounters counters)
        {
            this.counters = counters;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final InboundEvent event)
        {
            counters.handlerErrors.increment();
            LOG.error("handler raised at sequence {} on {}", sequence, event, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            LOG.error("handler failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.error("handler failed to shut down", ex);
        }
    }

    /**
     * Collects the parts of a pipeline.
     */
    public static final class Builder
    {
        private EngineConfig config = EngineConfig.defaults();
        private ReferenceData referenceData;
        private JournalStage journal = JournalStage.NONE;
        private Venue venue;
        private boolean sideEffects = true;
        private OutputJournal outputJournal = OutputJournal.NONE;
        private PreTradeRisk risk = PreTradeRisk.ACCEPT_ALL;
        private final List<Strategy> strategies = new ArrayList<>();
        private final List<ExecutionReportListener> listeners = new ArrayList<>();
        private EngineCounters counters;
        private EngineLatency latency;
        private EpochNanoClock clock = new SystemEpochNanoClock();
        private NanoClock timerClock = new SystemNanoClock();
        private RecordedTime recordedTime;
        private int availableProcessors;
        private SnapshotTaker snapshots;

        private Builder()
        {
        }

        public Builder config(final EngineConfig config)
        {
            this.config = config;
            return this;
        }

        public Builder referenceData(final ReferenceData referenceData)
        {
            this.referenceData = referenceData;
            return this;
        }

        public Builder journal(final JournalStage journal)
        {
            this.journal = journal;
            return this;
        }

        public Builder venue(final Venue venue)
        {
            this.venue = venue;
            return this;
        }

        /**
         * @param sideEffects false to start without calling the venue: recovery turns it on with
         *                    {@link EnginePipeline#goLive()} after replaying the journal; replay
         *                    and verification never do.
         * @return this.
         */
        public Builder sideEffects(final boolean sideEffects)
        {
            this.sideEffects = sideEffects;
            return this;
        }

        public Builder outputJournal(final OutputJournal outputJournal)
        {
            this.outputJournal = outputJournal;
            return this;
        }

        public Builder risk(final PreTradeRisk risk)
        {
            this.risk = risk;
            return this;
        }

        public Builder strategy(final Strategy strategy)
        {
            strategies.add(strategy);
            return this;
        }

        public Builder reportListener(final ExecutionReportListener listener)
        {
            listeners.add(listener);
            return this;
        }

        public Builder counters(final EngineCounters counters)
        {
            this.counters = counters;
            return this;
        }

        /**
         * @param latency where the stage threads record latency; a fresh one when not given.
         * @return this.
         */
        public Builder latency(final EngineLatency latency)
        {
            this.latency = latency;
            return this;
        }

        public Builder clock(final EpochNanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * Runs the pipeline on recorded time: {@code recordedTime} is its clock, and its source
         * publishes the heartbeats in step with the data instead of a wall-clock timer.
         *
         * @param recordedTime the clock of a recorded source; one pipeline each.
         * @return this.
         */
        public Builder recordedTime(final RecordedTime recordedTime)
        {
            this.recordedTime = recordedTime;
            this.clock = recordedTime;
            return this;
        }

        /**
         * @param timerClock the monotonic clock heartbeat deadlines are kept in; the system's by
         *                   default. Tests pass a manual one.
         * @return this.
         */
        public Builder timerClock(final NanoClock timerClock)
        {
            this.timerClock = timerClock;
            return this;
        }

        /**
         * @param cpus the CPU count {@code threading = auto} decides by; {@code Runtime.availableProcessors()}
         *             by default.
         * @return this.
         */
        public Builder availableProcessors(final int cpus)
        {
            this.availableProcessors = cpus;
            return this;
        }

        /**
         * @param snapshots takes snapshots of the BLP's state between events; none by default.
         * @return this.
         */
        public Builder snapshots(final SnapshotTaker snapshots)
        {
            this.snapshots = snapshots;
            return this;
        }

        /**
         * @return the pipeline, not yet started.
         */
        public EnginePipeline build()
        {
            if (referenceData == null)
            {
                throw new IllegalStateException("reference data is required");
            }
            if (counters == null)
            {
                counters = new EngineCounters();
            }
            if (latency == null)
            {
                latency = new EngineLatency();
            }
            return new EnginePipeline(this);
        }
    }
}
