package io.horizon.fix;

import java.nio.file.Path;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.counter.LatencyRecorder;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import uk.co.real_logic.artio.session.Session;

/**
 * A FIX 4.4 venue: Horizon's orders go out as NewOrderSingle, OrderCancelRequest and
 * OrderCancelReplaceRequest on one initiator session (Artio), and what comes back
 * (ExecutionReport, OrderCancelReject, BusinessMessageReject, session Reject) is reported as the
 * venue responses the engine already understands, so it is journaled and replayable like every
 * other venue's.
 * <p>
 * This class puts the venue's parts together and is what the gateway sees:
 * <ul>
 * <li>{@link FixSessionLifecycle}: the FIX engine, logon with back-off, drops, logout;</li>
 * <li>{@link FixOrderEntry}: orders, cancels and amends encoded and sent;</li>
 * <li>{@link FixInbound}: what the session delivers, routed to {@link ExecutionReports} and
 * {@link OrderRejects} (the mapping to venue responses);</li>
 * <li>{@link FixReconciliation}: all live orders asked after every logon (OrderMassStatusRequest,
 * or OrderStatusRequest per order when the venue rejects that) and recovered orders asked one by
 * one, differences reported as venue responses;</li>
 * <li>{@link HeldReports}: resent reports for orders recovery has not handed over yet;</li>
 * <li>{@link FixRefusals}: hostile or unknown input logged, counted and kept raw, never applied;</li>
 * <li>{@link LateReports}: reports for orders already over here, counted quietly, never applied;</li>
 * <li>{@link HeldOrders}: with {@code when_down = "wait"}, commands held while the session is down
 * and sent, oldest first, after the logon (or dead-lettered past the limit);</li>
 * <li>{@link BackPressuredSends}: commands that found Artio's library publication full wait and go
 * out, in order, after the next poll of the library;</li>
 * <li>{@link VenueRoundTrips}: with {@link #timeRoundTrips}, each command timed from its hand-off
 * to Artio to the venue's first answer.</li>
 * </ul>
 * <p>
 * The gateway calls {@link #submit}, {@link #cancel} and {@link #amend} only for commands whose
 * cause is journaled, so nothing goes on the wire before its cause is in the journal. A command
 * that cannot be sent (the session is down, or Artio refuses it for good) throws: the gateway turns
 * that into a venue error for the order, which the dead-letter queue keeps with the reason. With
 * {@link WhenDown#WAIT} ({@link #ordersWhileDown}) a command for a session that is down is held
 * instead, and only one held past the limit, or one that finds the hold full, goes there. A
 * command that meets back-pressure is never refused for it, and the polling thread never waits
 * for room: it is sent after the next poll ({@link BackPressuredSends}). A stop logs the session
 * out while the pipeline still polls ({@link #logOut()}), so what the venue sends until then is
 * journaled; commands from then on stay pending in the engine for recovery to send.
 * <p>
 * With {@link FramerPlacement#POLLED} (the constructors without a placement; a preset's venue
 * defaults to {@code thread}) {@link #poll} first runs Artio's framer, which reads and writes
 * the socket, then polls the library: what the venue sent reaches the engine in
 * the same poll, and what the engine sent goes on the wire at the next one, with no thread between.
 * <p>
 * Threading: every method but {@link #close()}, {@link #close(long)} and {@link #isLoggedOn()} on
 * the one thread that polls it (the engine thread in the shared mode, the gateway thread in the
 * dedicated mode). Not thread-safe.
 */
public final class FixVenue implements Venue
{
    private final String venue;
    private final FixSessionLifecycle lifecycle;
    private final FixRefusals refusals;
    private final FixOrderEntry orderEntry;
    private final FixReconciliation reconciliation;
    private final ExecutionReports executionReports;
    private final LateReports late;
    private final HeldReports held = new HeldReports();
    private final HeldOrders waiting;
    private final HeldOrders.Sender sendHeld;
    private final FixInbound inbound;
    private final BackPressuredSends deferred;
    private final FixOrders orders;
    private volatile boolean logOutRequested;
    /** The polling thread has started the Logout: nothing more goes out. */
    private boolean loggingOut;

    /**
     * Starts the venue's FIX engine (media driver, archive, Artio engine) under
     * {@code directory}, its thread idling as the engine's default wait strategy says
     * ({@code backoff}); the session logs on once the gateway goes live and polls it.
     *
     * @param settings      the session.
     * @param referenceData instruments (their symbols are FIX Symbol, 55).
     * @param directory     where sequence numbers and the message archive live.
     * @param counters      where the session-state gauge lives, or {@code null}.
     */
    public FixVenue(
        final FixSessionSettings settings,
        final ReferenceData referenceData,
        final Path directory,
        final EngineCounters counters)
    {
        this(settings, referenceData, directory, counters, WaitStrategyKind.BACKOFF);
    }

    /**
     * As above, with the engine's wait strategy ({@code engine.wait_strategy}), which also says how
     * the Artio engine's thread, the one that reads and writes the socket, idles
     * ({@link FixIdleStrategies}): {@code backoff} parks it at most 100 µs, {@code busy-spin} spins.
     *
     * @param idle the engine's wait strategy.
     */
    public FixVenue(
        final FixSessionSettings settings,
        final ReferenceData referenceData,
        final Path directory,
        final EngineCounters counters,
        final WaitStrategyKind idle)
    {
        this(settings, referenceData, directory, counters, idle, FramerPlacement.POLLED);
    }

    /**
     * As above, with where the Artio framer runs ({@code framer}): {@link FramerPlacement#POLLED}
     * runs it in {@link #poll} on the polling thread, {@link FramerPlacement#THREAD} on a thread
     * of its own that idles as {@code idle} says.
     *
     * @param framer where the framer runs.
     */
    public FixVenue(
        final FixSessionSettings settings,
        final ReferenceData referenceData,
        final Path directory,
        final EngineCounters counters,
        final WaitStrategyKind idle,
        final FramerPlacement framer)
    {
        this(settings, referenceData, directory, counters, idle, framer, ArtioMediaStack.TERM_LENGTH);
    }

    /**
     * As above, with the term length of the channel between the library and the Artio engine
     * ({@link ArtioMediaStack#launch(Path, WaitStrategyKind, FramerPlacement, int)}): tests make it small so it
     * fills quickly.
     */
    FixVenue(
        final FixSessionSettings settings,
        final ReferenceData referenceData,
        final Path directory,
        final EngineCounters counters,
        final int termLength)
    {
        this(settings, referenceData, directory, counters, WaitStrategyKind.BACKOFF, FramerPlacement.POLLED, termLength);
    }

    /**
     * As above, with where the framer runs. Tests only.
     */
    FixVenue(
        final FixSessionSettings settings,
        final ReferenceData referenceData,
        final Path directory,
        final EngineCounters counters,
        final FramerPlacement framer,
        final int termLength)
    {
        this(settings, referenceData, directory, counters, WaitStrategyKind.BACKOFF, framer, termLength);
    }

    private FixVenue(
        final FixSessionSettings settings,
        final ReferenceData referenceData,
        final Path directory,
        final EngineCounters counters,
        final WaitStrategyKind idle,
        final FramerPlacement framer,
        final int termLength)
    {
        this.venue = settings.venue();
        final String sessionName = settings.sessionName();
        final FixSessionCounters metrics = counters == null ? null : new FixSessionCounters(counters, settings.venue());
        final FixOrders orders = new FixOrders();
        this.orders = orders;
        final SentMessages sent = new SentMessages();
        this.refusals = new FixRefusals(venue, sessionName, metrics);
        this.lifecycle = new FixSessionLifecycle(settings, directory, counters, metrics, this::onLogon, idle, framer,
            termLength);
        this.orderEntry = new FixOrderEntry(referenceData, orders, sent, new SessionWire(lifecycle), metrics,
            sessionName);
        this.deferred = new BackPressuredSends(orderEntry, metrics, sessionName);
        this.reconciliation = new FixReconciliation(referenceData, orders, lifecycle, refusals, metrics, deferred,
            sessionName);
        this.late = new LateReports(metrics, sessionName);
        this.executionReports = new ExecutionReports(orders, held, refusals, reconciliation, late, metrics, sessionName);
        this.waiting = new HeldOrders(venue, sessionName, metrics);
        this.sendHeld = this::send;
        this.inbound = new FixInbound(lifecycle, executionReports,
            new OrderRejects(orders, sent, held, refusals, late, reconciliation, sessionName), held, refusals, metrics,
            sessionName);
    }

    @Override
    public String name()
    {
        return venue;
    }

    @Override
    public boolean isPolled()
    {
        return true;
    }

    /**
     * @return where the Artio framer runs. Any thread.
     */
    public FramerPlacement framerPlacement()
    {
        return lifecycle.framerPlacement();
    }

    /**
     * @return true once the session has logged on, until it drops. Any thread.
     */
    public boolean isLoggedOn()
    {
        return lifecycle.isLoggedOn();
    }

    /**
     * Asks for the session to log out while the pipeline still polls the venue (and journals what
     * it reports), before the pipeline stops: the polling thread starts the Logout at its next
     * poll and reports what the venue sends until it answers, so a fill already on its way is
     * journaled, not read and dropped after the pipeline stopped. No logon follows. Commands from
     * then on are not sent: the engine keeps them pending and recovery sends them at the next
     * start. Any thread; {@link #isLoggedOut()} says when it is done.
     */
    public void logOut()
    {
        logOutRequested = true;
    }

    /**
     * @return true once the session is down for good after {@link #logOut()}. Any thread.
     */
    public boolean isLoggedOut()
    {
        return lifecycle.isLoggedOut();
    }

    /**
     * Sets the logon credentials, read from the secrets provider. Call before the pipeline starts
     * polling the venue; the next logon uses them.
     *
     * @param username Username (553), or {@code null}.
     * @param password Password (554), or {@code null}.
     */
    public void credentials(final String username, final String password)
    {
        lifecycle.credentials(username, password);
    }

    /**
     * Times each order command's round trip from now on: from the moment its NewOrderSingle,
     * OrderCancelRequest or OrderCancelReplaceRequest is handed to Artio to the venue's first answer
     * for its ClOrdID ({@link VenueRoundTrips}), into the histogram
     * {@code horizon_venue_round_trip_latency_seconds{venue="NAME"}} registered in {@code latency}, so
     * the metrics export and {@code horizon stat} publish it with the engine's other latencies.
     * Call before the pipeline starts polling the venue (the polling thread becomes the series'
     * single writer).
     *
     * @param latency the engine's latency series.
     * @return the series.
     */
    public LatencyRecorder timeRoundTrips(final EngineLatency latency)
    {
        return orders.roundTrips().recordInto(latency, venue);
    }

    /**
     * Sets what happens to commands while the session is down ({@code when_down},
     * {@code wait_limit_ms}, {@code wait_max_orders}). Call before the pipeline starts polling
     * the venue; without it every such command is refused at once ({@link WhenDown#DLQ}).
     *
     * @param whenDown    refuse at once, or hold until the logon.
     * @param limitMillis longest a command is held (with {@link WhenDown#WAIT}), 1 or more.
     * @param maxOrders   most commands held at once (with {@link WhenDown#WAIT}), 1 or more.
     */
    public void ordersWhileDown(final WhenDown whenDown, final long limitMillis, final int maxOrders)
    {
        waiting.policy(whenDown, limitMillis, maxOrders);
    }

    /**
     * Sets how live orders are reconciled at each logon ({@code mass_status}): one
     * OrderMassStatusRequest with the per-order fallback ({@link MassStatus#AUTO}, the default),
     * or an OrderStatusRequest per live order only ({@link MassStatus#OFF}). Call before the
     * pipeline starts polling the venue.
     *
     * @param mode the mode.
     */
    public void massStatus(final MassStatus mode)
    {
        reconciliation.massStatus(mode);
    }

    /**
     * Sets where each command held for the logon is reported, to be journaled. Call before the
     * pipeline starts polling the venue.
     *
     * @param reports the sink; {@link HeldOrderReports#NONE} only logs.
     */
    public void reportHeldOrders(final HeldOrderReports reports)
    {
        waiting.reports(reports);
    }

    /**
     * @return commands held now for the logon ({@link WhenDown#WAIT}). Polling thread.
     */
    public int heldOrders()
    {
        return waiting.size();
    }

    /**
     * @return held commands that went to the dead-letter queue past {@code wait_limit_ms}. Polling thread.
     */
    public long expiredHeldOrders()
    {
        return waiting.expired();
    }

    /**
     * Sets where refused inbound messages are kept (with the raw message). Call before the
     * pipeline starts polling the venue.
     *
     * @param sink the sink; {@link RefusedMessageSink#NONE} keeps only the log line.
     */
    public void refusedMessages(final RefusedMessageSink sink)
    {
        refusals.sink(sink);
    }

    /**
     * @return MsgSeqNum of the last message sent on the session, or -1 with no session. Polling thread.
     */
    public int lastSentSequenceNumber()
    {
        final Session session = lifecycle.session();
        return session == null ? -1 : session.lastSentMsgSeqNum();
    }

    /**
     * @return ExecutionReports dropped because their ExecID was already applied.
     */
    public long duplicateExecIds()
    {
        return executionReports.duplicateExecIds();
    }

    /**
     * @return inbound messages refused (unknown ClOrdID, overfill, unreadable value).
     */
    public long refusedMessages()
    {
        return refusals.refusedMessages();
    }

    /**
     * @return reports for orders already over here (resent after reconciliation settled them, or
     *         sent late), counted and not applied. Polling thread.
     */
    public long lateReports()
    {
        return late.lateReports();
    }

    /**
     * Lets another speaker use the session (FIX market data). Call before the pipeline polls the venue.
     *
     * @param listener polled with the session and offered every application message.
     */
    public void attach(final FixSessionListener listener)
    {
        inbound.attach(listener);
    }

    /**
     * @return logons the venue answered with a Logout (bad credentials, a refused CompID). Polling thread.
     */
    public long logonRejects()
    {
        return lifecycle.logonRejects();
    }

    /**
     * @return ResendRequests the venue sent us (Artio answers them from its archive). Polling thread.
     */
    public long resendRequests()
    {
        return lifecycle.resendRequests();
    }

    /**
     * @return OrderStatusRequests sent (reconciliation). Polling thread.
     */
    public long statusRequests()
    {
        return reconciliation.statusRequests();
    }

    /**
     * @return OrderMassStatusRequests sent (reconciliation after each logon, unless the venue
     *         rejected one). Polling thread.
     */
    public long massStatusRequests()
    {
        return reconciliation.massStatusRequests();
    }

    /**
     * @return live orders the venue listed that Horizon does not track (kept with the refused
     *         messages, left at the venue). Polling thread.
     */
    public long unknownVenueOrders()
    {
        return reconciliation.unknownVenueOrders();
    }

    /**
     * @return differences between the venue's order status and Horizon's, each reported as a
     *         venue response. Polling thread.
     */
    public long reconciledDifferences()
    {
        return reconciliation.reconciledDifferences();
    }

    /**
     * Sets how long after the first logon reports for untracked orders are held
     * ({@link HeldReports#HOLD_MILLIS} unless set). Tests only; before the first poll.
     */
    void holdReportsMillis(final long millis)
    {
        held.holdMillis(millis);
    }

    /**
     * Sets what runs at each logon before reconciliation asks the venue anything
     * ({@link FixReconciliation#atLogon}). Tests only; polling thread.
     */
    void atLogon(final Runnable hook)
    {
        reconciliation.atLogon(hook);
    }

    /**
     * Holds (or releases) the commands that wait for back-pressure ({@link BackPressuredSends#hold}). Tests only.
     */
    void holdDeferredCommands(final boolean hold)
    {
        deferred.hold(hold);
    }

    /**
     * @return true while an OrderMassStatusRequest waits for the rest of its answer. Polling thread.
     */
    boolean isReconcilingMassStatus()
    {
        return reconciliation.isMassStatusOpen();
    }

    /**
     * Sets how long the venue has to finish answering an OrderMassStatusRequest before the
     * per-order fallback ({@link FixReconciliation#MASS_STATUS_TIMEOUT_MILLIS} unless set). Tests only.
     */
    void massStatusTimeoutMillis(final long millis)
    {
        reconciliation.massStatusTimeoutMillis(millis);
    }

    @Override
    public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
    {
        // The venue has its own market; FIX market data is a later step.
    }

    @Override
    public int poll(final VenueResponses responses)
    {
        if (lifecycle.isClosed())
        {
            return 0;
        }
        inbound.responses(responses);
        if (logOutRequested && !loggingOut)
        {
            loggingOut = true;
            lifecycle.logOut();
        }
        int work = lifecycle.poll(inbound);
        if (loggingOut)
        {
            // What the venue sends until its Logout is reported; nothing more goes out.
            return work;
        }
        // The library has been read: the Artio engine may have room for what waits again.
        work += deferred.sendWaiting(responses, reconciliation);
        final FixSessionListener listener = inbound.listener();
        if (listener != null)
        {
            work += listener.doWork(lifecycle.isLoggedOn() ? lifecycle.session() : null);
        }
        final long now = System.nanoTime();
        inbound.releaseHeldWhenDue(now);
        reconciliation.poll(now);
        if (waiting.size() > 0)
        {
            work += waiting.release(lifecycle.isLoggedOn(), now, sendHeld, responses);
        }
        return work;
    }

    /**
     * Sends the order, or, when Artio's library publication is back-pressured or older commands
     * wait, queues it to be sent after the next poll of the library ({@link DeferredCommands}).
     */
    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        if (!loggingOut && !held(order, responses))
        {
            send(order, responses);
        }
    }

    /** Sends the cancel, or queues it behind the commands that wait (see {@link #submit}). */
    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        if (!loggingOut && !held(cancel, responses))
        {
            send(cancel, responses);
        }
    }

    /** Sends the amend, or queues it behind the commands that wait (see {@link #submit}). */
    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        if (!loggingOut && !held(amend, responses))
        {
            send(amend, responses);
        }
    }

    /**
     * Holds the command when the session is down or others are held already (when_down = "wait").
     *
     * @return true when held (and maybe sent after those before it); false to send it now.
     */
    private boolean held(final EngineOutput command, final VenueResponses responses)
    {
        inbound.responses(responses);
        final boolean loggedOn = lifecycle.isLoggedOn();
        if (!waiting.mustHold(loggedOn))
        {
            return false;
        }
        final long now = System.nanoTime();
        waiting.hold(command, now);
        if (loggedOn)
        {
            waiting.release(true, now, sendHeld, responses);
        }
        return true;
    }

    private void send(final EngineOutput command, final VenueResponses responses)
    {
        if (!deferred.isEmpty() || !sendNow(command, responses))
        {
            deferred.defer(command);
        }
    }

    /** @return false when Artio's library publication was back-pressured and nothing was sent. */
    private boolean sendNow(final EngineOutput command, final VenueResponses responses)
    {
        switch (command.kind)
        {
            case VENUE_NEW:
                return orderEntry.submit(command, responses);
            case VENUE_CANCEL:
                return orderEntry.cancel(command, responses);
            default:
                return orderEntry.amend(command, responses);
        }
    }

    /**
     * @return commands waiting because Artio's library publication was back-pressured. Polling thread.
     */
    public int deferredCommands()
    {
        return deferred.size();
    }

    /**
     * @return times a command found Artio's library publication back-pressured and was queued. Polling thread.
     */
    public long backPressureEvents()
    {
        return deferred.backPressureEvents();
    }

    /**
     * @return reconciliation's status requests Artio refused for back-pressure, queued to go out
     *         after the next poll (also counted as back-pressure events). Polling thread.
     */
    public long statusRequestsDeferred()
    {
        return reconciliation.statusRequestsDeferred();
    }

    /**
     * After recovery: remembers the live order under its ClOrdID so the venue's later reports
     * apply to it (with those that came before it was handed over), and asks the venue for its
     * status (now when logged on, else at the logon); the answer's differences come back as
     * venue responses.
     */
    @Override
    public void reconcile(final EngineOutput order, final VenueResponses responses)
    {
        inbound.responses(responses);
        final FixOrder tracked = reconciliation.adopt(order,
            orderEntry.clOrdId(order.clientOrderIdHi, order.clientOrderIdLo));
        if (tracked == null)
        {
            return;
        }
        inbound.deliverHeld(tracked.clOrdId.toString());
        reconciliation.askAfterRecovery(tracked);
    }

    /**
     * Logs out (waiting up to {@code timeoutMillis} for the peer's Logout), then stops the
     * library and the FIX engine. Call after the pipeline stopped polling; any thread.
     *
     * @param timeoutMillis how long to wait for the logout.
     */
    public void close(final long timeoutMillis)
    {
        waiting.onClose();
        lifecycle.close(timeoutMillis);
    }

    @Override
    public void close()
    {
        close(2_000);
    }

    private void onLogon()
    {
        // The venue may resend reports for orders recovery has not handed over yet.
        final long now = System.nanoTime();
        held.onLogon(now);
        // A command sent before the drop is answered (if at all) after it: that time is the outage.
        orders.roundTrips().forgetUnanswered(orders.all());
        reconciliation.onLogon(now);
    }
}
