package io.horizon.fix.sim;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import org.apache.mina.core.service.IoAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FixVersions;
import quickfix.IncorrectDataFormat;
import quickfix.IncorrectTagValue;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.MessageCracker;
import quickfix.RejectLogon;
import quickfix.Responder;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SLF4JLogFactory;
import quickfix.SocketAcceptor;
import quickfix.UnsupportedMessageType;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.Password;
import quickfix.field.Username;
import quickfix.fix44.MarketDataRequest;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderMassStatusRequest;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderStatusRequest;

/**
 * A FIX 4.4 exchange simulator: a QuickFIX/J acceptor, an implementation independent of Horizon's
 * Artio side, that matches orders with the paper venue's book (price-time priority, fills at the
 * touch of its own market) and answers with ExecutionReports and OrderCancelRejects. Its market
 * is a seeded synthetic random walk over the listed instruments, or fixed quotes, and it publishes
 * that market as FIX market data to sessions that subscribe ({@link SimMarketData}).
 * <p>
 * {@code horizon fix-sim} runs one as its own process; tests start one in theirs. Its fault modes
 * ({@link SimFaults}: delay, reject orders or logons, drop the session, gap-fill resends, reject
 * mass status requests, drop after a replace) make it misbehave on purpose; it answers an
 * OrderStatusRequest with an ExecutionReport of ExecType Order Status (I), and an
 * OrderMassStatusRequest (all orders, or one symbol's) with one per live order (MassStatusReqID
 * 584, TotNumReports 911, LastRptRequested 912), as a venue does when a client reconciles after a
 * restart or a reconnect.
 * <p>
 * Threading: {@link #start()} and {@link #close()} from one thread; QuickFIX/J's session thread
 * and one market thread work inside.
 */
public final class FixExchangeSimulator implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FixExchangeSimulator.class);

    private final FixSimSettings settings;
    private final SessionID sessionId;
    private final SimulatedExchange exchange;
    private final SimMarketData marketData;
    private final ScheduledExecutorService market;
    private final ScheduledExecutorService delayed;
    private final SimFaults faults;
    private final AtomicInteger massStatusRequests = new AtomicInteger();
    private final List<String> massStatusRequestsSeen = new CopyOnWriteArrayList<>();
    private SocketAcceptor acceptor;
    private int port;

    /**
     * @param settings what to run.
     */
    public FixExchangeSimulator(final FixSimSettings settings)
    {
        this(settings, new SimFaults());
    }

    /**
     * @param settings what to run.
     * @param faults   how to misbehave; keep it to change the faults while it runs.
     */
    public FixExchangeSimulator(final FixSimSettings settings, final SimFaults faults)
    {
        this.settings = settings;
        this.faults = faults;
        this.sessionId = new SessionID(FixVersions.BEGINSTRING_FIX44, settings.compId(), settings.clientCompId());
        this.marketData = new SimMarketData(settings.instruments().keySet(), FixExchangeSimulator::send);
        this.exchange = new SimulatedExchange(settings, this::deliver, marketData);
        this.market = daemonExecutor("fix-sim-market");
        this.delayed = daemonExecutor("fix-sim-delay");
    }

    private static ScheduledExecutorService daemonExecutor(final String name)
    {
        return Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @return the fault modes, to change while it runs.
     */
    public SimFaults faults()
    {
        return faults;
    }

    /**
     * Starts listening and moving the market.
     *
     * @return this.
     * @throws IllegalStateException naming the address when it cannot listen.
     */
    public FixExchangeSimulator start()
    {
        if (settings.port() != 0)
        {
            // Say so plainly before QuickFIX/J logs a bind failure with its stack trace.
            try (java.net.ServerSocket probe = new java.net.ServerSocket())
            {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(settings.host(), settings.port()));
            }
            catch (final java.io.IOException ex)
            {
                throw new IllegalStateException("fix-sim cannot listen on " + settings.host() + ":" + settings.port() +
                    " (" + ex.getMessage() + "); is another program using the port? Choose another with --port");
            }
        }
        final SessionSettings sessionSettings = new SessionSettings();
        sessionSettings.setString(sessionId, "ConnectionType", "acceptor");
        sessionSettings.setString(sessionId, "SocketAcceptAddress", settings.host());
        sessionSettings.setLong(sessionId, "SocketAcceptPort", settings.port());
        sessionSettings.setString(sessionId, "StartTime", "00:00:00");
        sessionSettings.setString(sessionId, "EndTime", "00:00:00");
        sessionSettings.setString(sessionId, "UseDataDictionary", "Y");
        sessionSettings.setString(sessionId, "DataDictionary", "FIX44.xml");
        sessionSettings.setString(sessionId, "ResetOnLogout", "N");
        sessionSettings.setString(sessionId, "ResetOnDisconnect", "N");
        // Horizon keeps its sequence numbers across restarts; a simulator restart forgets its own,
        // so accept whatever the client logs on with and let resend requests sort out the rest.
        sessionSettings.setString(sessionId, "ValidateSequenceNumbers", "Y");
        sessionSettings.setString(sessionId, "CheckLatency", "N");
        // The gap-fill fault: keep no copy of what was sent, so a resend request gets a gap fill.
        sessionSettings.setString(sessionId, "PersistMessages", faults.gapFillResends() ? "N" : "Y");
        try
        {
            acceptor = new SocketAcceptor(new SimApplication(), new MemoryStoreFactory(), sessionSettings,
                new SLF4JLogFactory(sessionSettings), new DefaultMessageFactory());
            acceptor.start();
        }
        catch (final ConfigError | RuntimeException ex)
        {
            throw new IllegalStateException("fix-sim cannot listen on " + settings.host() + ":" + settings.port() +
                " (" + ex.getMessage() + "); is another program using the port? Choose another with --port", ex);
        }
        port = settings.port();
        for (final IoAcceptor endpoint : acceptor.getEndpoints())
        {
            final SocketAddress address = endpoint.getLocalAddress();
            if (address instanceof InetSocketAddress)
            {
                port = ((InetSocketAddress)address).getPort();
            }
        }
        if (settings.tickMillis() > 0)
        {
            exchange.tick();
            market.scheduleAtFixedRate(this::tick, settings.tickMillis(), settings.tickMillis(), TimeUnit.MILLISECONDS);
        }
        if (faults.dropEveryMillis() > 0)
        {
            market.scheduleAtFixedRate(this::dropIfLoggedOn, faults.dropEveryMillis(), faults.dropEveryMillis(),
                TimeUnit.MILLISECONDS);
        }
        LOG.info("fix-sim listening on {}:{} as {} for {}; {}", settings.host(), port, settings.compId(),
            settings.clientCompId(), faults);
        return this;
    }

    /**
     * @return the port it listens on (the one picked when the settings said 0).
     */
    public int port()
    {
        return port;
    }

    /**
     * @return true while a client is logged on.
     */
    public boolean isLoggedOn()
    {
        final Session session = Session.lookupSession(sessionId);
        return session != null && session.isLoggedOn();
    }

    /**
     * @return orders resting in its book now.
     */
    public int restingOrders()
    {
        return exchange.restingOrders();
    }

    /**
     * @return the quantity it has filled so far, all orders together (fixed point): what the
     *         client's fills must add up to once it has caught up.
     */
    public long filledQuantity()
    {
        return exchange.filledQuantity();
    }

    /**
     * @return OrderMassStatusRequests (35=AF) received so far, answered or rejected.
     */
    public int massStatusRequests()
    {
        return massStatusRequests.get();
    }

    /**
     * @return each OrderMassStatusRequest received so far, in order, as {@code 584=<MassStatusReqID>
     *         585=<MassStatusReqType>}, with {@code 43=Y} after it when it came as a resend (tests).
     */
    public List<String> massStatusRequestsSeen()
    {
        return List.copyOf(massStatusRequestsSeen);
    }

    /**
     * Fills every resting order in full at its own price now (tests and demos: fills that happen
     * at a known moment, for example while the client is away).
     */
    public void fillRestingOrders()
    {
        exchange.fillRestingOrders();
    }

    /**
     * Moves the market one step now (tests that need a fill at a known moment).
     */
    public void tick()
    {
        try
        {
            exchange.tick();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("fix-sim market step failed", ex);
        }
    }

    private void dropIfLoggedOn()
    {
        if (isLoggedOn())
        {
            LOG.warn("fix-sim: dropping the session (fault mode: every {} ms)", faults.dropEveryMillis());
            dropSession();
        }
    }

    /**
     * Stops or resumes publishing market data (the market still moves and fills), as a venue whose
     * market data stalls would.
     *
     * @param pause true to stop, false to resume.
     */
    public void pauseMarketData(final boolean pause)
    {
        marketData.pause(pause);
    }

    /**
     * @return live market data subscriptions (MarketDataRequests for snapshot plus updates).
     */
    public int marketDataSubscriptions()
    {
        return marketData.subscriptionCount();
    }

    /**
     * Drops the client's connection without a Logout, as a venue outage would.
     */
    public void dropSession()
    {
        final Session session = Session.lookupSession(sessionId);
        if (session != null)
        {
            try
            {
                session.disconnect("fix-sim told to drop the session", false);
            }
            catch (final java.io.IOException ex)
            {
                LOG.warn("fix-sim: dropping the session failed", ex);
            }
        }
    }

    /**
     * Moves the MsgSeqNum of its next message by {@code delta}: forward opens a gap the client
     * must ask to have resent (and is gap-filled), backward sends a number the client has seen
     * (a sequence error, which FIX answers with a Logout). For tests of out-of-sequence input.
     *
     * @param delta how far to move it.
     * @throws IllegalStateException when there is no session.
     */
    public void shiftOutgoingSequence(final int delta)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session == null)
        {
            throw new IllegalStateException("no session " + sessionId);
        }
        try
        {
            session.setNextSenderMsgSeqNum(session.getExpectedSenderNum() + delta);
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException("cannot move the sequence number of " + sessionId, ex);
        }
    }

    /**
     * Lowers the MsgSeqNum it expects next from the client by {@code by}, so the client's next
     * message looks like a gap and the simulator asks for a resend (a ResendRequest to the client).
     *
     * @param by how many messages to ask for again.
     * @throws IllegalStateException when there is no session.
     */
    public void forgetIncoming(final int by)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session == null)
        {
            throw new IllegalStateException("no session " + sessionId);
        }
        try
        {
            session.setNextTargetMsgSeqNum(Math.max(1, session.getExpectedTargetNum() - by));
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException("cannot move the sequence number of " + sessionId, ex);
        }
    }

    /**
     * Loses the next {@code count} market data messages (W, X) on the way to the client: the
     * session numbers them and keeps them for a resend, but they never reach the wire, as if lost
     * in transit. The client sees the gap at the next message it gets, asks for a resend, and gets
     * them back resent (PossDupFlag 43=Y), after the newer message that showed the gap. For tests
     * and demos of resent market data.
     *
     * @param count how many market data messages to lose.
     * @throws IllegalStateException when no client is connected.
     */
    public void loseMarketData(final int count)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session == null || !session.hasResponder())
        {
            throw new IllegalStateException("no client connected on " + sessionId);
        }
        final Responder wire = session.getResponder();
        final AtomicInteger left = new AtomicInteger(count);
        session.setResponder(new Responder()
        {
            @Override
            public boolean send(final String data)
            {
                final boolean marketData = data.contains("\u000135=W\u0001") || data.contains("\u000135=X\u0001");
                if (marketData && !data.contains("\u000143=Y\u0001") && left.getAndDecrement() > 0)
                {
                    LOG.info("fix-sim: losing a market data message on the way (fault mode): {}", data.replace('\u0001', '|'));
                    return true;
                }
                return wire.send(data);
            }

            @Override
            public void disconnect()
            {
                wire.disconnect();
            }

            @Override
            public String getRemoteAddress()
            {
                return wire.getRemoteAddress();
            }
        });
    }

    /**
     * Sends a message to the client as it is: for tests and demos of bad counterparty input
     * (an unknown ClOrdID, an overfill, a duplicate ExecID).
     *
     * @param message a FIX 4.4 application message; the session fills in the header.
     */
    public void sendToClient(final Message message)
    {
        deliver(message, sessionId);
    }

    /**
     * Writes these characters to the client's socket as they are, outside any FIX message and
     * sequence number: for tests of garbage on the wire.
     *
     * @param data what to write (ISO-8859-1, as FIX).
     * @throws IllegalStateException when no client is connected.
     */
    public void sendRawToClient(final String data)
    {
        final Session session = Session.lookupSession(sessionId);
        if (session == null || !session.hasResponder())
        {
            throw new IllegalStateException("no client connected on " + sessionId);
        }
        session.getResponder().send(data);
    }

    /**
     * Sends the last ExecutionReport again, unchanged (same ExecID): a duplicate, as a venue
     * resending by mistake would.
     *
     * @return false when none was sent yet.
     */
    public boolean repeatLastExecutionReport()
    {
        final Message last = exchange.lastExecutionReport();
        if (last == null)
        {
            return false;
        }
        deliver(last, sessionId);
        return true;
    }

    @Override
    public void close()
    {
        market.shutdownNow();
        delayed.shutdownNow();
        if (acceptor != null)
        {
            acceptor.stop(true);
        }
    }

    /**
     * With the delay fault mode: waits until the messages already delayed have gone out, so the
     * answer to the client's Logout comes after them, as a venue's outbound messages keep their order.
     */
    private void awaitDelayedMessages()
    {
        final long delay = faults.delayMillis();
        if (delay <= 0)
        {
            return;
        }
        try
        {
            delayed.schedule(() -> { }, delay, TimeUnit.MILLISECONDS).get(delay + 5_000, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException |
            java.util.concurrent.RejectedExecutionException ex)
        {
            LOG.warn("fix-sim: the Logout answer did not wait for the delayed messages ({})", ex.toString());
        }
    }

    /** Sends now, or after the fault mode's delay (in order: one thread, one delay for all). */
    private void deliver(final Message message, final SessionID session)
    {
        final long delay = faults.delayMillis();
        if (delay <= 0)
        {
            send(message, session);
            return;
        }
        try
        {
            delayed.schedule(() -> send(message, session), delay, TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            LOG.warn("fix-sim: stopped; {} not sent", message);
        }
    }

    private static void send(final Message message, final SessionID session)
    {
        try
        {
            Session.sendToTarget(message, session);
        }
        catch (final SessionNotFound ex)
        {
            LOG.warn("fix-sim: no session {} to send {} to", session, message);
        }
    }

    private final class SimApplication extends MessageCracker implements Application
    {
        @Override
        public void onCreate(final SessionID sessionId)
        {
        }

        @Override
        public void onLogon(final SessionID sessionId)
        {
            LOG.info("fix-sim: {} logged on", sessionId);
            if (faults.takeDropAfterLogonReply())
            {
                LOG.warn("fix-sim: dropping the session just after answering its logon (fault mode)");
                dropSession();
            }
        }

        @Override
        public void onLogout(final SessionID sessionId)
        {
            LOG.info("fix-sim: {} logged out", sessionId);
            marketData.onLogout(sessionId);
        }

        @Override
        public void toAdmin(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void fromAdmin(final Message message, final SessionID sessionId)
            throws FieldNotFound, IncorrectDataFormat, IncorrectTagValue, RejectLogon
        {
            final String type = message.getHeader().getString(MsgType.FIELD);
            if (MsgType.LOGOUT.equals(type))
            {
                awaitDelayedMessages();
                return;
            }
            if (!MsgType.LOGON.equals(type))
            {
                return;
            }
            if (faults.takeDropBeforeLogonReply())
            {
                LOG.warn("fix-sim: dropping the session of {} before answering its logon (fault mode)", sessionId);
                dropSession();
                // Stops QuickFIX/J from going on with the logon; its Logout has no connection to go to.
                throw new RejectLogon("fix-sim: dropped during the logon (fault mode)");
            }
            if (faults.rejectLogons())
            {
                LOG.warn("fix-sim: logon from {} refused (fault mode: rejecting logons)", sessionId);
                throw new RejectLogon("fix-sim: rejecting logons (fault mode)");
            }
            if (settings.username() == null)
            {
                return;
            }
            final String username = message.isSetField(Username.FIELD) ? message.getString(Username.FIELD) : null;
            final String password = message.isSetField(Password.FIELD) ? message.getString(Password.FIELD) : null;
            if (!settings.username().equals(username) || !settings.password().equals(password))
            {
                LOG.warn("fix-sim: logon from {} refused: bad credentials (553=Username {})", sessionId, username);
                throw new RejectLogon("bad credentials");
            }
        }

        @Override
        public void toApp(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void fromApp(final Message message, final SessionID sessionId)
            throws FieldNotFound, IncorrectDataFormat, IncorrectTagValue, UnsupportedMessageType
        {
            crack(message, sessionId);
        }

        @Handler
        public void onNewOrderSingle(final NewOrderSingle order, final SessionID sessionId) throws FieldNotFound
        {
            if (faults.rejectOrders())
            {
                exchange.refuseNewOrder(sessionId, order.getClOrdID().getValue(), order.getSymbol().getValue(),
                    order.getSide().getValue() == quickfix.field.Side.SELL ? Side.SELL : Side.BUY,
                    FixedPoint.fromDouble(order.getOrderQty().getValue()), "fix-sim: rejecting orders (fault mode)");
                return;
            }
            final char ordType = order.getOrdType().getValue();
            exchange.newOrder(sessionId, order.getClOrdID().getValue(), order.getSymbol().getValue(),
                order.getSide().getValue() == quickfix.field.Side.SELL ? Side.SELL : Side.BUY,
                ordType == OrdType.MARKET ? OrderType.MARKET : OrderType.LIMIT,
                order.isSetPrice() ? FixedPoint.fromDouble(order.getPrice().getValue()) : 0,
                FixedPoint.fromDouble(order.getOrderQty().getValue()));
        }

        @Handler
        public void onMarketDataRequest(final MarketDataRequest request, final SessionID sessionId) throws FieldNotFound
        {
            marketData.onRequest(request, sessionId);
        }

        @Handler
        public void onOrderStatusRequest(final OrderStatusRequest request, final SessionID sessionId) throws FieldNotFound
        {
            exchange.orderStatus(sessionId, request.getClOrdID().getValue(),
                request.getSide().getValue() == quickfix.field.Side.SELL ? Side.SELL : Side.BUY);
        }

        @Handler
        public void onOrderMassStatusRequest(final OrderMassStatusRequest request, final SessionID sessionId)
            throws FieldNotFound, UnsupportedMessageType, IncorrectTagValue
        {
            massStatusRequests.incrementAndGet();
            final boolean resent = request.getHeader().isSetField(quickfix.field.PossDupFlag.FIELD) &&
                request.getHeader().getBoolean(quickfix.field.PossDupFlag.FIELD);
            massStatusRequestsSeen.add("584=" + (request.isSetMassStatusReqID() ? request.getMassStatusReqID().getValue() :
                "") + " 585=" + (request.isSetMassStatusReqType() ? request.getMassStatusReqType().getValue() : "") +
                (resent ? " 43=Y" : ""));
            if (faults.rejectMassStatus())
            {
                // QuickFIX/J answers with a BusinessMessageReject, 380=3 (unsupported message type).
                LOG.info("fix-sim: OrderMassStatusRequest from {} rejected (fault mode)", sessionId);
                throw new UnsupportedMessageType();
            }
            final int type = request.getMassStatusReqType().getValue();
            final String requestId = request.getMassStatusReqID().getValue();
            if (type == quickfix.field.MassStatusReqType.STATUS_FOR_ALL_ORDERS)
            {
                exchange.massStatus(sessionId, requestId, null);
            }
            else if (type == quickfix.field.MassStatusReqType.STATUS_FOR_ORDERS_FOR_A_SECURITY && request.isSetSymbol())
            {
                exchange.massStatus(sessionId, requestId, request.getSymbol().getValue());
            }
            else
            {
                LOG.info("fix-sim: OrderMassStatusRequest 585={} from {} not supported (7 all, 1 by Symbol)", type,
                    sessionId);
                throw new IncorrectTagValue(quickfix.field.MassStatusReqType.FIELD);
            }
        }

        @Handler
        public void onCancel(final OrderCancelRequest cancel, final SessionID sessionId) throws FieldNotFound
        {
            exchange.cancel(sessionId, cancel.getClOrdID().getValue(), cancel.getOrigClOrdID().getValue());
        }

        @Handler
        public void onReplace(final OrderCancelReplaceRequest replace, final SessionID sessionId) throws FieldNotFound
        {
            // Under the exchange's lock: a test that saw the drop and then fills what rests
            // (fillRestingOrders) finds the replace applied, however fast the client saw the drop.
            synchronized (exchange)
            {
                if (faults.dropAfterReplace())
                {
                    // Dropped before the replace's report goes out: it is kept for a resend request (or
                    // gap-filled), so the client sees the replace only by asking.
                    LOG.warn("fix-sim: dropping the session after applying replace 11={} (fault mode)",
                        replace.getClOrdID().getValue());
                    dropSession();
                }
                exchange.replace(sessionId, replace.getClOrdID().getValue(), replace.getOrigClOrdID().getValue(),
                    replace.isSetPrice() ? FixedPoint.fromDouble(replace.getPrice().getValue()) : 0,
                    FixedPoint.fromDouble(replace.getOrderQty().getValue()));
            }
        }
    }
}
