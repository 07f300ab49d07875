package io.horizon.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.fix.codecs.FixDictionaryImpl;
import io.horizon.fix.codecs.HandlInst;
import io.horizon.fix.codecs.OrdType;
import io.horizon.fix.codecs.builder.NewOrderSingleEncoder;
import io.horizon.fix.codecs.builder.OrderCancelReplaceRequestEncoder;
import io.horizon.fix.codecs.builder.OrderCancelRequestEncoder;
import io.horizon.fix.codecs.builder.OrderStatusRequestEncoder;
import io.horizon.fix.codecs.decoder.BusinessMessageRejectDecoder;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import io.horizon.fix.codecs.decoder.LogoutDecoder;
import io.horizon.fix.codecs.decoder.OrderCancelRejectDecoder;
import io.horizon.fix.codecs.decoder.RejectDecoder;
import io.horizon.fix.codecs.decoder.ResendRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.Reply;
import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.fields.DecimalFloat;
import uk.co.real_logic.artio.fields.UtcTimestampEncoder;
import uk.co.real_logic.artio.library.FixLibrary;
import uk.co.real_logic.artio.library.LibraryConfiguration;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.library.SessionConfiguration;
import uk.co.real_logic.artio.library.SessionHandler;
import uk.co.real_logic.artio.messages.DisconnectReason;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

/**
 * A FIX 4.4 venue: Horizon's orders go out as NewOrderSingle, OrderCancelRequest and
 * OrderCancelReplaceRequest on one initiator session (Artio), and what comes back
 * (ExecutionReport, OrderCancelReject, BusinessMessageReject, session Reject) is reported as the
 * venue responses the engine already understands, so it is journaled and replayable like every
 * other venue's.
 * <p>
 * The gateway calls {@link #submit}, {@link #cancel} and {@link #amend} only for commands whose
 * cause is journaled, so nothing goes on the wire before its cause is in the journal. A command
 * that cannot be sent (the session is down, or Artio refuses it) throws: the gateway turns that
 * into a venue error for the order, which the dead-letter queue keeps with the reason.
 * <p>
 * Hostile input never stops the engine: an ExecutionReport for an unknown ClOrdID, a fill for
 * more than the order's open quantity, a duplicate ExecID, or a value that cannot be read is
 * logged with the session, the tag and the value, counted, and not applied.
 * <p>
 * Reconciliation: after every logon (the first after a restart, and each after a drop) the venue
 * asks for the status of every order it tracks (OrderStatusRequest, 35=H), and so does
 * {@link #reconcile} for an order recovery hands it once the session is up. The answer (an
 * ExecutionReport of ExecType Order Status, 150=I) is compared with what Horizon knows, and each
 * difference is reported as the venue response it stands for: a fill missed while away becomes
 * a fill (at the price the venue's average price implies), an order the venue canceled or expired
 * becomes canceled or expired, an order the venue does not know becomes rejected (never acked)
 * or canceled (acked). A NewOrderSingle rejected as a duplicate ClOrdID (103=6), which is what a
 * venue says to an order Horizon sent again after a crash, is answered with a status request,
 * not applied as a reject.
 * <p>
 * The session: logon after {@code reconnectMinMillis}, again after a drop or a failed logon
 * with a back-off doubling up to {@code reconnectMaxMillis}; sequence numbers persist in the
 * venue's directory under the state directory ({@link ArtioMediaStack}).
 * <p>
 * Threading: every method but {@link #close()} on the one thread that polls it (the engine
 * thread in the shared mode, the gateway thread in the dedicated mode). Not thread-safe.
 */
public final class FixVenue implements Venue
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    private static final int POLL_FRAGMENT_LIMIT = 10;
    private static final int SENT_RING = 4096;
    private static final char MSG_NEW = 'D';
    private static final char MSG_CANCEL = 'F';
    private static final char MSG_REPLACE = 'G';
    private static final int ORD_REJ_DUPLICATE_ORDER = 6;
    /** How long after the first logon reports for orders not yet handed over by recovery are held. */
    private static final long ORPHAN_HOLD_NANOS = 15_000_000_000L;
    private static final int ORPHAN_LIMIT = 4096;

    private FixSessionSettings settings;
    private final ReferenceData referenceData;
    private final Path directory;
    private final String sessionName;
    private final AtomicCounter sessionGauge;
    private final FixSessionCounters metrics;
    private final PolledLibraryScheduler scheduler = new PolledLibraryScheduler();

    private ArtioMediaStack stack;
    private FixLibrary library;
    private Reply<Session> pendingLogon;
    private Session session;
    private long nextLogonNanos;
    private long backoffNanos;
    private VenueResponses responses;
    private boolean closed;
    private volatile boolean loggedOn;
    private volatile FixSessionListener listener;

    private final Map<String, FixOrder> byClOrdId = new HashMap<>();
    private final Map<Long, FixOrder> byOrderId = new HashMap<>();
    /** What each of the last {@value #SENT_RING} sent messages was, by MsgSeqNum, for session Rejects. */
    private final int[] sentSeqNums = new int[SENT_RING];
    private final long[] sentOrderIds = new long[SENT_RING];
    private final char[] sentTypes = new char[SENT_RING];

    private final NewOrderSingleEncoder newOrder = new NewOrderSingleEncoder();
    private final OrderCancelRequestEncoder cancelRequest = new OrderCancelRequestEncoder();
    private final OrderCancelReplaceRequestEncoder replaceRequest = new OrderCancelReplaceRequestEncoder();
    private final OrderStatusRequestEncoder statusRequest = new OrderStatusRequestEncoder();
    private final UtcTimestampEncoder transactTime = new UtcTimestampEncoder();
    private final DecimalFloat decimal = new DecimalFloat();
    private final StringBuilder clOrdIdText = new StringBuilder(48);
    private final MutableAsciiBuffer asciiBuffer = new MutableAsciiBuffer();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final OrderCancelRejectDecoder cancelReject = new OrderCancelRejectDecoder();
    private final BusinessMessageRejectDecoder businessReject = new BusinessMessageRejectDecoder();
    private final RejectDecoder sessionReject = new RejectDecoder();
    private final LogoutDecoder logout = new LogoutDecoder();
    private final ResendRequestDecoder resendRequest = new ResendRequestDecoder();
    private final Handler handler = new Handler();

    private long duplicateExecIds;
    private long refusedMessages;
    private long statusRequests;
    private long logonRejects;
    private long resendRequests;
    private RefusedMessageSink refusedSink = RefusedMessageSink.NONE;
    /** The inbound message being handled, for a refusal to keep it raw. */
    private DirectBuffer currentBuffer;
    private int currentOffset;
    private int currentLength;
    private long currentType;
    /** Reports for ClOrdIDs not tracked yet, held after the first logon until recovery hands the order over. */
    private final Map<String, List<byte[]>> orphans = new HashMap<>();
    private final List<byte[]> orphanOrder = new ArrayList<>();
    private final UnsafeBuffer orphanBuffer = new UnsafeBuffer(new byte[0]);
    private long orphanHoldUntilNanos;
    private boolean holdingOrphans;
    private boolean everLoggedOn;
    private boolean replayingOrphan;
    private boolean reconcileLogged;
    private long reconciledDifferences;

    /**
     * Starts the venue's FIX engine (media driver, archive, Artio engine) under
     * {@code directory}; the session logs on once the gateway goes live and polls it.
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
        this.settings = settings;
        this.referenceData = referenceData;
        this.directory = directory;
        this.sessionName = settings.sessionName();
        this.sessionGauge = counters == null ? null : VenueSessionState.gauge(counters, settings.venue());
        this.metrics = counters == null ? null : new FixSessionCounters(counters, settings.venue());
        state(VenueSessionState.DOWN);
        this.stack = ArtioMediaStack.launch(directory);
    }

    @Override
    public String name()
    {
        return settings.venue();
    }

    @Override
    public boolean isPolled()
    {
        return true;
    }

    /**
     * @return true once the session has logged on, until it drops. Any thread.
     */
    public boolean isLoggedOn()
    {
        return loggedOn;
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
        settings = settings.withCredentials(username, password);
    }

    /**
     * Sets where refused inbound messages are kept (with the raw message). Call before the
     * pipeline starts polling the venue.
     *
     * @param sink the sink; {@link RefusedMessageSink#NONE} keeps only the log line.
     */
    public void refusedMessages(final RefusedMessageSink sink)
    {
        this.refusedSink = sink;
    }

    /**
     * @return MsgSeqNum of the last message sent on the session, or -1 with no session. Polling thread.
     */
    public int lastSentSequenceNumber()
    {
        return session == null ? -1 : session.lastSentMsgSeqNum();
    }

    /**
     * @return ExecutionReports dropped because their ExecID was already applied.
     */
    public long duplicateExecIds()
    {
        return duplicateExecIds;
    }

    /**
     * @return inbound messages refused (unknown ClOrdID, overfill, unreadable value).
     */
    public long refusedMessages()
    {
        return refusedMessages;
    }

    /**
     * Lets another speaker use the session (FIX market data). Call before the pipeline polls the venue.
     *
     * @param listener polled with the session and offered every application message.
     */
    public void attach(final FixSessionListener listener)
    {
        this.listener = listener;
    }

    /**
     * @return logons the venue answered with a Logout (bad credentials, a refused CompID). Polling thread.
     */
    public long logonRejects()
    {
        return logonRejects;
    }

    /**
     * @return ResendRequests the venue sent us (Artio answers them from its archive). Polling thread.
     */
    public long resendRequests()
    {
        return resendRequests;
    }

    /**
     * @return OrderStatusRequests sent (reconciliation). Polling thread.
     */
    public long statusRequests()
    {
        return statusRequests;
    }

    /**
     * @return differences between the venue's order status and Horizon's, each reported as a
     *         venue response. Polling thread.
     */
    public long reconciledDifferences()
    {
        return reconciledDifferences;
    }

    @Override
    public void onMarketData(final InboundEvent marketData, final VenueResponses responses)
    {
        // The venue has its own market; FIX market data is a later step.
    }

    @Override
    public int poll(final VenueResponses responses)
    {
        if (closed)
        {
            return 0;
        }
        this.responses = responses;
        if (library == null)
        {
            connectLibrary();
        }
        int work = library.poll(POLL_FRAGMENT_LIMIT);
        work += scheduler.doWork();
        work += manageSession();
        final FixSessionListener listener = this.listener;
        if (listener != null)
        {
            work += listener.doWork(loggedOn ? session : null);
        }
        if (holdingOrphans && System.nanoTime() - orphanHoldUntilNanos >= 0)
        {
            releaseOrphans();
        }
        return work;
    }

    @Override
    public void submit(final EngineOutput order, final VenueResponses responses)
    {
        this.responses = responses;
        final Session session = sendableSession("NewOrderSingle");
        final Instrument instrument = referenceData.isInstrument(order.instrumentId) ?
            referenceData.instrument(order.instrumentId) : null;
        if (instrument == null)
        {
            responses.reject(order.orderId, order.accountId, order.instrumentId, RejectReason.UNKNOWN_INSTRUMENT,
                order.instrumentId);
            return;
        }
        if (byOrderId.containsKey(order.orderId))
        {
            // Sent again after recovery (it was pending at the crash): the venue knows it by ClOrdID.
            return;
        }
        final String clOrdId = clOrdId(order.clientOrderIdHi, order.clientOrderIdLo);
        newOrder.reset();
        newOrder.clOrdID(clOrdId)
            .side(side(order.side))
            .transactTime(transactTime.buffer(), transactTime.encode(System.currentTimeMillis()))
            .ordType(order.orderType == OrderType.MARKET ? OrdType.MARKET : OrdType.LIMIT)
            .handlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE);
        newOrder.instrument().symbol(instrument.symbol());
        newOrder.orderQtyData().orderQty(order.quantity, FixedPoint.DECIMALS);
        if (order.orderType != OrderType.MARKET)
        {
            newOrder.price(order.price, FixedPoint.DECIMALS);
        }
        send(session, newOrder, MSG_NEW, order.orderId, "NewOrderSingle", clOrdId);
        final FixOrder tracked = new FixOrder(order.orderId, order.accountId, order.instrumentId, order.side,
            order.quantity, order.price, clOrdId);
        track(tracked, clOrdId);
    }

    @Override
    public void cancel(final EngineOutput cancel, final VenueResponses responses)
    {
        this.responses = responses;
        final FixOrder order = byOrderId.get(cancel.orderId);
        if (order == null)
        {
            responses.cancelRejected(cancel.orderId, cancel.accountId, cancel.instrumentId, RejectReason.TOO_LATE, 0);
            return;
        }
        final Session session = sendableSession("OrderCancelRequest");
        final String clOrdId = order.clOrdId + "-c" + (++order.cancelCount);
        cancelRequest.reset();
        cancelRequest.clOrdID(clOrdId)
            .origClOrdID(order.clOrdId)
            .side(side(order.side))
            .transactTime(transactTime.buffer(), transactTime.encode(System.currentTimeMillis()));
        cancelRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        cancelRequest.orderQtyData().orderQty(order.quantity, FixedPoint.DECIMALS);
        send(session, cancelRequest, MSG_CANCEL, order.orderId, "OrderCancelRequest", clOrdId);
        order.pendingRequests++;
        track(order, clOrdId);
    }

    @Override
    public void amend(final EngineOutput amend, final VenueResponses responses)
    {
        this.responses = responses;
        final FixOrder order = byOrderId.get(amend.orderId);
        if (order == null)
        {
            responses.replaceRejected(amend.orderId, amend.accountId, amend.instrumentId, RejectReason.TOO_LATE, 0);
            return;
        }
        final Session session = sendableSession("OrderCancelReplaceRequest");
        final String clOrdId = clOrdId(amend.clientOrderIdHi, amend.clientOrderIdLo);
        replaceRequest.reset();
        replaceRequest.clOrdID(clOrdId)
            .origClOrdID(order.clOrdId)
            .side(side(order.side))
            .ordType(OrdType.LIMIT)
            .price(amend.price, FixedPoint.DECIMALS)
            .handlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE)
            .transactTime(transactTime.buffer(), transactTime.encode(System.currentTimeMillis()));
        replaceRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        replaceRequest.orderQtyData().orderQty(amend.quantity, FixedPoint.DECIMALS);
        send(session, replaceRequest, MSG_REPLACE, order.orderId, "OrderCancelReplaceRequest", clOrdId);
        order.pendingReplaceClOrdId = clOrdId;
        order.pendingRequests++;
        track(order, clOrdId);
    }

    /**
     * After recovery: remembers the live order under its ClOrdID so the venue's later reports
     * apply to it, and asks the venue for its status (now when logged on, else at the logon);
     * the answer's differences come back as venue responses.
     */
    @Override
    public void reconcile(final EngineOutput order, final VenueResponses responses)
    {
        this.responses = responses;
        if (byOrderId.containsKey(order.orderId) || order.side == null)
        {
            return;
        }
        final String clOrdId = clOrdId(order.clientOrderIdHi, order.clientOrderIdLo);
        final FixOrder tracked = new FixOrder(order.orderId, order.accountId, order.instrumentId, order.side,
            order.quantity, order.price, clOrdId);
        tracked.cumulativeQuantity = order.cumulativeQuantity;
        tracked.acked = true;
        tracked.notionalKnown = order.cumulativeQuantity == 0;
        track(tracked, clOrdId);
        replayOrphans(clOrdId);
        if (loggedOn)
        {
            if (!reconcileLogged)
            {
                reconcileLogged = true;
                LOG.info("FIX session {}: reconciling recovered live orders with the venue (an OrderStatusRequest " +
                    "each, first 11={})", sessionName, clOrdId);
            }
            requestStatus(tracked);
        }
    }

    /**
     * Logs out (waiting up to {@code timeoutMillis} for the peer's Logout), then stops the
     * library and the FIX engine. Call after the pipeline stopped polling; any thread.
     *
     * @param timeoutMillis how long to wait for the logout.
     */
    public void close(final long timeoutMillis)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (library != null && session != null && session.isActive())
            {
                session.startLogout();
                final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                while (session.isActive() && System.nanoTime() < deadline)
                {
                    library.poll(POLL_FRAGMENT_LIMIT);
                    scheduler.doWork();
                    Thread.onSpinWait();
                }
            }
        }
        finally
        {
            if (library != null)
            {
                library.close();
            }
            stack.close();
            state(VenueSessionState.DOWN);
        }
    }

    @Override
    public void close()
    {
        close(2_000);
    }

    // ------------------------------------------------------------------------------------------
    // Session
    // ------------------------------------------------------------------------------------------

    private void connectLibrary()
    {
        final LibraryConfiguration configuration = new LibraryConfiguration()
            .sessionAcquireHandler((session, info) -> handler)
            .libraryAeronChannels(ArtioMediaStack.libraryChannels())
            .scheduler(scheduler)
            .libraryName("horizon-" + settings.venue());
        configuration.defaultHeartbeatIntervalInS(settings.heartbeatSeconds());
        configuration.aeronContext().aeronDirectoryName(ArtioMediaStack.aeronDirectory(directory));
        library = FixLibrary.connect(configuration);
        nextLogonNanos = System.nanoTime();
        backoffNanos = settings.reconnectMinMillis() * 1_000_000L;
    }

    private int manageSession()
    {
        if (pendingLogon != null)
        {
            if (pendingLogon.isExecuting())
            {
                return 0;
            }
            final Reply<Session> reply = pendingLogon;
            pendingLogon = null;
            if (reply.hasCompleted())
            {
                session = reply.resultIfPresent();
                LOG.info("FIX session {}: connected, logging on", sessionName);
                return 1;
            }
            if (metrics != null)
            {
                metrics.logonFailures.incrementRelease();
            }
            LOG.warn("FIX session {}: logon failed ({}{}); next try in {} ms", sessionName, reply.state(),
                reply.error() == null ? "" : ": " + reply.error().getMessage(), backoffNanos / 1_000_000);
            scheduleLogon();
            return 1;
        }
        if (session == null && library.isConnected() && System.nanoTime() - nextLogonNanos >= 0)
        {
            state(VenueSessionState.CONNECTING);
            final SessionConfiguration.Builder builder = SessionConfiguration.builder()
                .address(settings.host(), settings.port())
                .senderCompId(settings.senderCompId())
                .targetCompId(settings.targetCompId())
                .sequenceNumbersPersistent(true)
                .resetSeqNum(settings.resetSeqNumOnLogon())
                .fixDictionary(FixDictionaryImpl.class)
                .timeoutInMs(Math.max(1_000L, settings.heartbeatSeconds() * 1_000L));
            if (settings.username() != null)
            {
                builder.credentials(settings.username(), settings.password() == null ? "" : settings.password());
            }
            pendingLogon = library.initiate(builder.build());
            return 1;
        }
        if (session != null && !loggedOn && session.canSendMessage())
        {
            loggedOn = true;
            if (metrics != null)
            {
                metrics.logons.incrementRelease();
            }
            LOG.info("FIX session {}: logged on (next MsgSeqNum out {}, in {})", sessionName,
                session.lastSentMsgSeqNum() + 1, session.lastReceivedMsgSeqNum() + 1);
            backoffNanos = settings.reconnectMinMillis() * 1_000_000L;
            state(VenueSessionState.LOGGED_ON);
            if (!everLoggedOn)
            {
                // The venue may resend reports for orders recovery has not handed over yet.
                everLoggedOn = true;
                holdingOrphans = true;
                orphanHoldUntilNanos = System.nanoTime() + ORPHAN_HOLD_NANOS;
            }
            requestStatusOfLiveOrders();
            return 1;
        }
        return 0;
    }

    private void scheduleLogon()
    {
        loggedOn = false;
        state(VenueSessionState.DOWN);
        nextLogonNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, settings.reconnectMaxMillis() * 1_000_000L);
    }

    private void state(final VenueSessionState state)
    {
        if (sessionGauge != null)
        {
            sessionGauge.setRelease(state.code());
        }
    }

    private Session sendableSession(final String what)
    {
        final Session session = this.session;
        if (session == null || !session.canSendMessage())
        {
            // The dead-letter queue shows the first 80 characters: the reason comes first.
            throw new IllegalStateException("not logged on: FIX venue " + settings.venue() + " (" +
                (session == null ? "no connection" : session.state()) + "); " + what + " not sent; session " + sessionName);
        }
        return session;
    }

    private void send(
        final Session session, final Encoder message, final char type, final long orderId, final String what,
        final String clOrdId)
    {
        final long position = session.trySend(message);
        if (position < 0)
        {
            throw new IllegalStateException("FIX session " + sessionName + " refused " + what + " 11=" + clOrdId +
                " (Artio back-pressure code " + position + ")");
        }
        if (metrics != null)
        {
            metrics.messagesOut.incrementRelease();
        }
        final int seqNum = session.lastSentMsgSeqNum();
        final int slot = seqNum & (SENT_RING - 1);
        sentSeqNums[slot] = seqNum;
        sentOrderIds[slot] = orderId;
        sentTypes[slot] = type;
    }

    private void requestStatusOfLiveOrders()
    {
        int asked = 0;
        for (final FixOrder order : byOrderId.values())
        {
            if (!order.done && requestStatus(order))
            {
                asked++;
            }
        }
        if (asked > 0)
        {
            LOG.info("FIX session {}: asked the venue for the status of {} live orders (reconciliation)", sessionName,
                asked);
        }
    }

    /**
     * Sends an OrderStatusRequest for the order's current ClOrdID.
     *
     * @return false when the session refused it (logged; the next logon asks again).
     */
    private boolean requestStatus(final FixOrder order)
    {
        final Session session = this.session;
        if (session == null || !session.canSendMessage())
        {
            return false;
        }
        statusRequest.reset();
        statusRequest.clOrdID(order.clOrdId).side(side(order.side));
        statusRequest.instrument().symbol(referenceData.instrument(order.instrumentId).symbol());
        final long position = session.trySend(statusRequest);
        if (position < 0)
        {
            LOG.warn("FIX session {}: OrderStatusRequest 11={} refused (Artio back-pressure code {}); asked again at the " +
                "next logon", sessionName, order.clOrdId, position);
            return false;
        }
        statusRequests++;
        if (metrics != null)
        {
            metrics.messagesOut.incrementRelease();
        }
        return true;
    }

    private void track(final FixOrder order, final String clOrdId)
    {
        order.clOrdIds.add(clOrdId);
        byClOrdId.put(clOrdId, order);
        byOrderId.put(order.orderId, order);
    }

    /**
     * The order is over at the venue; it is forgotten once no cancel or replace of it waits for
     * an answer, so that answer still reaches the engine (which reports it as late).
     */
    private void finish(final FixOrder order)
    {
        order.done = true;
        if (order.pendingRequests <= 0)
        {
            forget(order);
        }
    }

    private void answered(final FixOrder order)
    {
        order.pendingRequests--;
        if (order.done && order.pendingRequests <= 0)
        {
            forget(order);
        }
    }

    private void forget(final FixOrder order)
    {
        for (final String id : order.clOrdIds)
        {
            byClOrdId.remove(id);
        }
        byOrderId.remove(order.orderId);
    }

    private String clOrdId(final long hi, final long lo)
    {
        clOrdIdText.setLength(0);
        return ClientOrderIds.appendTo(clOrdIdText, hi, lo).toString();
    }

    private static io.horizon.fix.codecs.Side side(final Side side)
    {
        return side == Side.SELL ? io.horizon.fix.codecs.Side.SELL : io.horizon.fix.codecs.Side.BUY;
    }

    // ------------------------------------------------------------------------------------------
    // Inbound
    // ------------------------------------------------------------------------------------------

    private void onApplicationMessage(final DirectBuffer buffer, final int offset, final int length, final long messageType)
    {
        currentBuffer = buffer;
        currentOffset = offset;
        currentLength = length;
        currentType = messageType;
        asciiBuffer.wrap(buffer);
        final FixSessionListener listener = this.listener;
        if (listener != null && listener.onMessage(asciiBuffer, offset, length, messageType))
        {
            return;
        }
        if (messageType == ExecutionReportDecoder.MESSAGE_TYPE)
        {
            executionReport.reset();
            executionReport.decode(asciiBuffer, offset, length);
            onExecutionReport();
        }
        else if (messageType == OrderCancelRejectDecoder.MESSAGE_TYPE)
        {
            cancelReject.reset();
            cancelReject.decode(asciiBuffer, offset, length);
            onCancelReject();
        }
        else if (messageType == BusinessMessageRejectDecoder.MESSAGE_TYPE)
        {
            businessReject.reset();
            businessReject.decode(asciiBuffer, offset, length);
            onBusinessReject();
        }
        else if (messageType == RejectDecoder.MESSAGE_TYPE)
        {
            sessionReject.reset();
            sessionReject.decode(asciiBuffer, offset, length);
            onSessionReject();
        }
        else if (messageType == ResendRequestDecoder.MESSAGE_TYPE)
        {
            resendRequest.reset();
            resendRequest.decode(asciiBuffer, offset, length);
            resendRequests++;
            if (metrics != null)
            {
                metrics.resendRequests.incrementRelease();
            }
            LOG.info("FIX session {}: the venue asked for a resend of 7=BeginSeqNo {} to 16=EndSeqNo {}", sessionName,
                resendRequest.beginSeqNo(), resendRequest.endSeqNo());
        }
        else if (messageType == LogoutDecoder.MESSAGE_TYPE)
        {
            logout.reset();
            logout.decode(asciiBuffer, offset, length);
            onLogout();
        }
    }

    private void onExecutionReport()
    {
        final ExecutionReportDecoder er = executionReport;
        final String clOrdId = er.hasClOrdID() ? er.clOrdIDAsString() : null;
        FixOrder order = clOrdId == null ? null : byClOrdId.get(clOrdId);
        if (order == null && er.hasOrigClOrdID())
        {
            order = byClOrdId.get(er.origClOrdIDAsString());
        }
        if (order == null)
        {
            if (!holdOrphan(clOrdId, er.header().hasPossDupFlag() && er.header().possDupFlag()))
            {
                refuse("ExecutionReport", "11=ClOrdID", clOrdId, "no live order has that ClOrdID; ignored");
            }
            return;
        }
        if (er.execType() == 'I')
        {
            // Order status: not an execution, never deduplicated by ExecID.
            onOrderStatus(order, er, clOrdId);
            return;
        }
        final String execId = er.execIDAsString();
        if (!order.execIds.add(execId))
        {
            duplicateExecIds++;
            if (metrics != null)
            {
                metrics.duplicateExecIds.incrementRelease();
            }
            LOG.warn("FIX session {}: ExecutionReport 17=ExecID {} for 11={} was already applied; duplicate ignored",
                sessionName, execId, clOrdId);
            refusedSink.refused(settings.venue(), sessionName, "ExecutionReport", "17=ExecID", execId,
                "duplicate: already applied to 11=" + clOrdId + "; not applied twice", rawMessage());
            return;
        }
        final char execType = er.execType();
        switch (execType)
        {
            case '0': // New
                order.acked = true;
                responses.ack(order.orderId, order.accountId, order.instrumentId, venueOrderId(er));
                break;
            case '1': // Partial fill (FIX 4.2 style)
            case '2': // Fill (FIX 4.2 style)
            case 'F': // Trade
                onFill(order, er, clOrdId);
                break;
            case '4': // Canceled
                responses.canceled(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
                order.pendingRequests = 0;
                finish(order);
                break;
            case '5': // Replaced
                onReplaced(order, er, clOrdId);
                break;
            case '8': // Rejected
                if (er.hasOrdRejReason() && er.ordRejReason() == ORD_REJ_DUPLICATE_ORDER)
                {
                    // A copy of an order the venue has: resent on its ResendRequest (acked), or sent
                    // again after a crash (not acked here yet: ask what became of it). Never a reject.
                    order.execIds.remove(execId);
                    if (order.acked)
                    {
                        LOG.info("FIX session {}: a resent copy of NewOrderSingle 11={} was rejected as a duplicate " +
                            "(103=6); the order stands", sessionName, clOrdId);
                    }
                    else
                    {
                        LOG.info("FIX session {}: NewOrderSingle 11={} rejected as a duplicate (103=6): the venue has it " +
                            "from before the restart; asking for its status", sessionName, clOrdId);
                        requestStatus(order);
                    }
                    break;
                }
                responses.reject(order.orderId, order.accountId, order.instrumentId, RejectReason.VENUE_REJECTED,
                    er.hasOrdRejReason() ? er.ordRejReason() : 0);
                finish(order);
                break;
            case 'C': // Expired
                responses.expired(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
                finish(order);
                break;
            default:
                // Pending New/Cancel/Replace, Done for day, Restated, Order status: the engine keeps
                // its own pending states; nothing to apply.
                break;
        }
    }

    private void onFill(final FixOrder order, final ExecutionReportDecoder er, final String clOrdId)
    {
        final long quantity = fixedPoint(er.lastQty());
        final long price = fixedPoint(er.lastPx());
        if (quantity <= 0 || price <= 0)
        {
            refuse("ExecutionReport", "32=LastQty/31=LastPx", rawField(32) + "/" + rawField(31),
                "a fill needs a positive quantity and price; 11=" + clOrdId + " not applied");
            order.execIds.remove(er.execIDAsString());
            return;
        }
        final long reportedCumulative = fixedPoint(er.cumQty());
        if (reportedCumulative > 0 && reportedCumulative <= order.cumulativeQuantity)
        {
            // Its CumQty is already counted: a fill reconciliation reported before this report came.
            LOG.info("FIX session {}: ExecutionReport 17=ExecID {} for 11={}: 14=CumQty {} already counted " +
                "(reconciled); not applied again", sessionName, er.execIDAsString(), clOrdId, er.cumQty());
            return;
        }
        if (quantity > order.leavesQuantity())
        {
            refuse("ExecutionReport", "32=LastQty", rawField(32),
                "overfill: order 11=" + clOrdId + " has only " + FixedPoint.format(order.leavesQuantity()) +
                    " open; not applied");
            return;
        }
        order.cumulativeQuantity += quantity;
        order.filledNotional += FixedPoint.toDouble(price) * FixedPoint.toDouble(quantity);
        final long leaves = order.leavesQuantity();
        responses.fill(order.orderId, order.accountId, order.instrumentId, price, quantity, leaves);
        if (leaves == 0)
        {
            finish(order);
        }
    }

    /**
     * The venue's answer to an OrderStatusRequest: every difference from what Horizon knows is
     * reported as the venue response it stands for, and logged.
     */
    private void onOrderStatus(final FixOrder order, final ExecutionReportDecoder er, final String clOrdId)
    {
        if (order.done)
        {
            return;
        }
        final char status = er.ordStatus();
        if (status == '8') // Rejected: the venue does not know the order (103=5) or refused it
        {
            final int reason = er.hasOrdRejReason() ? er.ordRejReason() : 0;
            reconciled(clOrdId, "39=OrdStatus", "8 (rejected, 103=" + reason + ")", order.acked ?
                "the venue no longer has the order: canceled" : "the venue never took the order: rejected");
            if (order.acked)
            {
                responses.canceled(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
            }
            else
            {
                responses.reject(order.orderId, order.accountId, order.instrumentId, RejectReason.VENUE_REJECTED, reason);
            }
            order.pendingRequests = 0;
            finish(order);
            return;
        }
        if (!order.acked)
        {
            order.acked = true;
            reconciled(clOrdId, "39=OrdStatus", String.valueOf(status), "the venue has the order: acked");
            responses.ack(order.orderId, order.accountId, order.instrumentId, venueOrderId(er));
        }
        final long venueCumulative = fixedPoint(er.cumQty());
        if (venueCumulative > order.quantity)
        {
            refuse("ExecutionReport (order status)", "14=CumQty", rawField(14),
                "more than order 11=" + clOrdId + "'s quantity " + FixedPoint.format(order.quantity) + "; not applied");
            return;
        }
        if (venueCumulative > order.cumulativeQuantity)
        {
            final long missed = venueCumulative - order.cumulativeQuantity;
            final long price = missedFillPrice(order, er, venueCumulative, missed);
            reconciled(clOrdId, "14=CumQty", er.cumQty().toString(), "Horizon had " +
                FixedPoint.format(order.cumulativeQuantity) + ": a missed fill of " + FixedPoint.format(missed) + " @ " +
                FixedPoint.format(price) + (order.notionalKnown ? "" : " (the venue's average price 6=AvgPx)"));
            order.cumulativeQuantity = venueCumulative;
            order.filledNotional += FixedPoint.toDouble(price) * FixedPoint.toDouble(missed);
            responses.fill(order.orderId, order.accountId, order.instrumentId, price, missed, order.leavesQuantity());
            if (order.leavesQuantity() == 0)
            {
                finish(order);
                return;
            }
        }
        if (status == '4' || status == 'C' || status == '3')
        {
            reconciled(clOrdId, "39=OrdStatus", String.valueOf(status), status == '4' ? "canceled at the venue" :
                "expired or done for the day at the venue");
            if (status == '4')
            {
                responses.canceled(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
            }
            else
            {
                responses.expired(order.orderId, order.accountId, order.instrumentId, order.leavesQuantity());
            }
            order.pendingRequests = 0;
            finish(order);
        }
    }

    /**
     * The price of fills the venue reports only as a cumulative quantity and an average price:
     * what the average implies for the missing part when Horizon knows its own fills' notional,
     * else the average price itself.
     */
    private static long missedFillPrice(final FixOrder order, final ExecutionReportDecoder er, final long venueCumulative,
        final long missed)
    {
        final double averagePrice = er.avgPx().toDouble();
        double price = averagePrice;
        if (order.notionalKnown && order.cumulativeQuantity > 0)
        {
            price = (averagePrice * FixedPoint.toDouble(venueCumulative) - order.filledNotional) / FixedPoint.toDouble(missed);
        }
        final long fixed = FixedPoint.fromDouble(price);
        return fixed > 0 ? fixed : FixedPoint.fromDouble(averagePrice);
    }

    private void reconciled(final String clOrdId, final String tag, final String value, final String what)
    {
        reconciledDifferences++;
        if (metrics != null)
        {
            metrics.reconciledDifferences.incrementRelease();
        }
        LOG.warn("FIX session {}: order status of 11={} differs: {} {}: {}; reported as a venue response", sessionName,
            clOrdId, tag, value, what);
    }

    private void onReplaced(final FixOrder order, final ExecutionReportDecoder er, final String clOrdId)
    {
        final long quantity = fixedPoint(er.orderQty());
        final long price = fixedPoint(er.price());
        if (quantity <= 0 || price <= 0)
        {
            refuse("ExecutionReport", "38=OrderQty/44=Price", rawField(38) + "/" + rawField(44),
                "a replace needs a positive quantity and price; 11=" + clOrdId + " not applied");
            return;
        }
        order.quantity = quantity;
        order.price = price;
        if (clOrdId != null)
        {
            order.clOrdId = clOrdId;
        }
        order.pendingReplaceClOrdId = null;
        responses.replaced(order.orderId, order.accountId, order.instrumentId, price, quantity,
            Math.max(0, order.leavesQuantity()));
        answered(order);
    }

    private void onCancelReject()
    {
        final OrderCancelRejectDecoder reject = cancelReject;
        final String clOrdId = reject.clOrdIDAsString();
        FixOrder order = byClOrdId.get(clOrdId);
        if (order == null)
        {
            order = byClOrdId.get(reject.origClOrdIDAsString());
        }
        if (order == null)
        {
            if (!holdOrphan(reject.origClOrdIDAsString(),
                reject.header().hasPossDupFlag() && reject.header().possDupFlag()))
            {
                refuse("OrderCancelReject", "11=ClOrdID", clOrdId, "no live order has that ClOrdID; ignored");
            }
            return;
        }
        final int reason = reject.hasCxlRejReason() ? reject.cxlRejReason() : -1;
        final RejectReason why = reason == 0 || reason == 1 ? RejectReason.TOO_LATE : RejectReason.VENUE_REJECTED;
        if (reject.cxlRejResponseTo() == '2')
        {
            order.pendingReplaceClOrdId = null;
            responses.replaceRejected(order.orderId, order.accountId, order.instrumentId, why, reason);
        }
        else
        {
            responses.cancelRejected(order.orderId, order.accountId, order.instrumentId, why, reason);
        }
        answered(order);
    }

    private void onBusinessReject()
    {
        final BusinessMessageRejectDecoder reject = businessReject;
        final String refId = reject.hasBusinessRejectRefID() ? reject.businessRejectRefIDAsString() : null;
        final FixOrder order = refId == null ? null : byClOrdId.get(refId);
        if (order == null)
        {
            refuse("BusinessMessageReject", "379=BusinessRejectRefID", refId, "no live order has that ClOrdID; ignored");
            return;
        }
        refused(order, reject.refMsgTypeAsString(), RejectReason.VENUE_REJECTED, reject.businessRejectReason());
    }

    /**
     * A Logout before we were logged on is the venue refusing our Logon: say so plainly, with the
     * venue's reason, and count it for the alert; the back-off logon keeps trying.
     */
    private void onLogout()
    {
        final String text = logout.hasText() ? logout.textAsString() : "(no 58=Text)";
        if (loggedOn)
        {
            LOG.warn("FIX session {}: the venue logged us out: 58=Text {}", sessionName, text);
            return;
        }
        logonRejects++;
        if (metrics != null)
        {
            metrics.logonRejects.incrementRelease();
        }
        LOG.error("FIX session {}: the venue refused our logon (35=5 Logout, 58=Text {}); check 553=Username {} and the " +
            "password secret, and the CompIDs; logging on again with a back-off (deploy/runbooks/venue-disconnect.md)",
            sessionName, text, settings.username() == null ? "(none sent)" : settings.username());
    }

    private void onSessionReject()
    {
        final RejectDecoder reject = sessionReject;
        final int refSeqNum = reject.refSeqNum();
        final int slot = refSeqNum & (SENT_RING - 1);
        final FixOrder order = sentSeqNums[slot] == refSeqNum ? byOrderId.get(sentOrderIds[slot]) : null;
        LOG.warn("FIX session {}: session Reject of our 34=MsgSeqNum {}: 373=SessionRejectReason {} 58=Text {}",
            sessionName, refSeqNum, reject.hasSessionRejectReason() ? reject.sessionRejectReason() : -1,
            reject.hasText() ? reject.textAsString() : "");
        if (order == null)
        {
            return;
        }
        refused(order, String.valueOf(sentTypes[slot]), RejectReason.VENUE_REJECTED,
            reject.hasSessionRejectReason() ? reject.sessionRejectReason() : 0);
    }

    private void refused(final FixOrder order, final String refMsgType, final RejectReason reason, final long value)
    {
        if ("F".equals(refMsgType))
        {
            responses.cancelRejected(order.orderId, order.accountId, order.instrumentId, reason, value);
            answered(order);
        }
        else if ("G".equals(refMsgType))
        {
            order.pendingReplaceClOrdId = null;
            responses.replaceRejected(order.orderId, order.accountId, order.instrumentId, reason, value);
            answered(order);
        }
        else
        {
            responses.reject(order.orderId, order.accountId, order.instrumentId, reason, value);
            finish(order);
        }
    }

    private void refuse(final String message, final String tag, final String value, final String what)
    {
        refused();
        LOG.warn("FIX session {}: {} {} {}: {}", sessionName, message, tag, value, what);
        refusedSink.refused(settings.venue(), sessionName, message, tag, value, what, rawMessage());
    }

    /**
     * @return the value of the tag in the message being handled, as sent, or {@code (absent)}
     *         (allocates: refusals only).
     */
    private String rawField(final int tag)
    {
        final String raw = "|" + rawMessage();
        final String key = "|" + tag + "=";
        final int start = raw.indexOf(key);
        if (start < 0)
        {
            return "(absent)";
        }
        final int end = raw.indexOf('|', start + key.length());
        return raw.substring(start + key.length(), end < 0 ? raw.length() : end);
    }

    /** The message being handled as text, SOH shown as {@code |} (allocates: refusals only). */
    private String rawMessage()
    {
        if (currentBuffer == null)
        {
            return "";
        }
        final byte[] bytes = new byte[currentLength];
        currentBuffer.getBytes(currentOffset, bytes);
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == 1)
            {
                bytes[i] = '|';
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * After the first logon, a resent report (PossDupFlag 43=Y) for a ClOrdID nobody tracks may be
     * for an order recovery has not handed over yet (the venue resends what it sent while Horizon
     * was down as soon as the session is up): keep a copy, applied when {@link #reconcile} tracks
     * the order, refused if none does in time.
     *
     * @return true when held.
     */
    private boolean holdOrphan(final String clOrdId, final boolean possDup)
    {
        if (!possDup || !holdingOrphans || replayingOrphan || clOrdId == null || orphanOrder.size() >= ORPHAN_LIMIT)
        {
            return false;
        }
        final byte[] copy = new byte[currentLength + 8];
        new UnsafeBuffer(copy).putLong(0, currentType);
        currentBuffer.getBytes(currentOffset, copy, 8, currentLength);
        orphans.computeIfAbsent(clOrdId, id -> new ArrayList<>(2)).add(copy);
        orphanOrder.add(copy);
        return true;
    }

    private void replayOrphans(final String clOrdId)
    {
        final List<byte[]> held = orphans.remove(clOrdId);
        if (held == null)
        {
            return;
        }
        LOG.info("FIX session {}: applying {} report(s) for 11={} that arrived before recovery handed the order over",
            sessionName, held.size(), clOrdId);
        for (final byte[] copy : held)
        {
            orphanOrder.remove(copy);
            replay(copy);
        }
    }

    private void releaseOrphans()
    {
        holdingOrphans = false;
        orphans.clear();
        final List<byte[]> left = new ArrayList<>(orphanOrder);
        orphanOrder.clear();
        for (final byte[] copy : left)
        {
            replay(copy);
        }
    }

    private void replay(final byte[] copy)
    {
        orphanBuffer.wrap(copy);
        replayingOrphan = true;
        try
        {
            onApplicationMessage(orphanBuffer, 8, copy.length - 8, orphanBuffer.getLong(0));
        }
        catch (final RuntimeException ex)
        {
            refused();
            LOG.warn("FIX session {}: a held report could not be read ({}); ignored", sessionName, ex.toString());
        }
        finally
        {
            replayingOrphan = false;
        }
    }

    private void refused()
    {
        refusedMessages++;
        if (metrics != null)
        {
            metrics.refusedMessages.incrementRelease();
        }
    }

    private static long venueOrderId(final ExecutionReportDecoder er)
    {
        final char[] id = er.orderID();
        final int length = er.orderIDLength();
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = id[i];
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10)
            {
                // Not a number: keep a stable hash so the journal still says which venue order it was.
                return er.orderIDAsString().hashCode() & 0x7fff_ffffL;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * @return the value in {@link FixedPoint} scale, or 0 when it has more precision than that
     *         scale holds or does not fit (the caller refuses non-positive values).
     */
    public static long fixedPoint(final DecimalFloat value)
    {
        long v = value.value();
        int scale = value.scale();
        while (scale > FixedPoint.DECIMALS)
        {
            if (v % 10 != 0)
            {
                return 0;
            }
            v /= 10;
            scale--;
        }
        while (scale < FixedPoint.DECIMALS)
        {
            if (Math.abs(v) > Long.MAX_VALUE / 10)
            {
                return 0;
            }
            v *= 10;
            scale++;
        }
        return v;
    }

    private final class Handler implements SessionHandler
    {
        @Override
        public Action onMessage(
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final int libraryId,
            final Session session,
            final int sequenceIndex,
            final long messageType,
            final long timestampInNs,
            final long position,
            final OnMessageInfo messageInfo)
        {
            if (metrics != null)
            {
                metrics.messagesIn.incrementRelease();
            }
            if (!messageInfo.isValid() && isApplicationMessage(messageType))
            {
                // The session layer refused it (a MsgSeqNum already seen without PossDupFlag, a bad
                // header): it answers by the FIX rules (Reject, or Logout); never apply it. Session
                // messages (a Logon whose MsgSeqNum opens a gap) are the session layer's own business.
                currentBuffer = buffer;
                currentOffset = offset;
                currentLength = length;
                currentType = messageType;
                refuse("35=" + messageTypeText(messageType), "34=MsgSeqNum", rawField(34),
                    "refused by the session layer (sequence number already seen, or a bad header); not applied");
                return Action.CONTINUE;
            }
            try
            {
                onApplicationMessage(buffer, offset, length, messageType);
            }
            catch (final RuntimeException ex)
            {
                refused();
                LOG.warn("FIX session {}: message 35={} could not be read ({}); ignored", sessionName,
                    messageTypeText(messageType), ex.toString());
                refusedSink.refused(settings.venue(), sessionName, "35=" + messageTypeText(messageType), "35=MsgType",
                    messageTypeText(messageType), "could not be read (" + ex.getMessage() + "); ignored", rawMessage());
            }
            return Action.CONTINUE;
        }

        @Override
        public void onTimeout(final int libraryId, final Session session)
        {
        }

        @Override
        public void onSlowStatus(final int libraryId, final Session session, final boolean hasBecomeSlow)
        {
        }

        @Override
        public Action onDisconnect(final int libraryId, final Session session, final DisconnectReason reason)
        {
            if (session == FixVenue.this.session)
            {
                FixVenue.this.session = null;
                if (metrics != null)
                {
                    metrics.disconnects.incrementRelease();
                }
                if (!closed)
                {
                    LOG.warn("FIX session {}: disconnected ({}); logon again in {} ms", sessionName, reason,
                        backoffNanos / 1_000_000);
                    scheduleLogon();
                }
            }
            return Action.CONTINUE;
        }

        @Override
        public void onSessionStart(final Session session)
        {
        }
    }

    private static boolean isApplicationMessage(final long messageType)
    {
        return messageType == ExecutionReportDecoder.MESSAGE_TYPE || messageType == OrderCancelRejectDecoder.MESSAGE_TYPE ||
            messageType == BusinessMessageRejectDecoder.MESSAGE_TYPE;
    }

    private static String messageTypeText(final long messageType)
    {
        final StringBuilder sb = new StringBuilder(2);
        long t = messageType;
        while (t != 0)
        {
            sb.append((char)(t & 0xFF));
            t >>>= 8;
        }
        return sb.toString();
    }
}
