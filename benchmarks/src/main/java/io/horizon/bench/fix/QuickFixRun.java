package io.horizon.bench.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import io.horizon.engine.order.ClientOrderIds;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.MessageStoreFactory;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

/**
 * The baseline: a QuickFIX/J 2.3.2 initiator (no message log, default validation against
 * FIX44.xml) sending the same orders to the same simulator through the same tap, timed the same
 * way, in one of two forms ({@link Store}):
 * <ul>
 *   <li>{@link Store#MEMORY}, series {@code quickfixj}: the plain initiator the goal is
 *       stated against; it keeps sequence numbers and sent messages in memory only;</li>
 *   <li>{@link Store#FILE_SYNCED}, series {@code quickfixj-durable}: a {@code FileStore} in a
 *       temp dir with {@code FileStoreSync=Y}, as a firm that must survive a crash runs it, the
 *       like-for-like comparison for Horizon with {@code --journal-sync batch}. What QuickFIX/J
 *       2.3.2 then syncs ({@code FileStore}, read in its source): the message body and both
 *       sequence number files are opened {@code "rwd"} (each write returns once its data is on
 *       the device), and the header (index) file is {@code fsync}ed after each stored message.
 *       So each order sent waits for the header's {@code fsync}, the body's write and the next
 *       sender sequence number's write, before {@code Session.send} puts it on the socket; each
 *       message received writes the next target sequence number synchronously, after
 *       {@code fromApp} (so the fill's own write is not in its time, but the ack's, just before
 *       it on the same thread, is when the fill waits behind it).</li>
 * </ul>
 * <pre>
 *   sender [DECISION] build NewOrderSingle, Session.send --> MINA --> socket --> WireTap --> simulator
 *   QuickFIX/J session thread: socket --> decode, validate --> Application.fromApp [REPORT] <-- WireTap <--+
 * </pre>
 * DECISION is when the sending thread starts building the message (its slot's time, or later
 * when the sender is behind); REPORT when {@code fromApp} has the fill report and its ClOrdID.
 * <p>
 * Threading: {@link #run} on the caller's thread, which is the sender; QuickFIX/J's own threads
 * inside (its session thread writes REPORT).
 */
final class QuickFixRun
{
    /**
     * How far behind its schedule the sender may fall before it stops sending: {@code Session.send}
     * returns only once the store has synced, so a durable initiator on a slow disk can fall
     * behind by minutes and a 10 s run would take that long.
     */
    static final long GIVE_UP_BEHIND_NANOS = 5_000_000_000L;

    /** Where the initiator keeps its sequence numbers and the messages it sent. */
    enum Store
    {
        /** {@code MemoryStoreFactory}: nothing on disk. */
        MEMORY("quickfixj"),
        /** {@code FileStoreFactory} with {@code FileStoreSync=Y}, in a temp dir deleted after the run. */
        FILE_SYNCED("quickfixj-durable");

        private final String series;

        Store(final String series)
        {
            this.series = series;
        }

        /** @return the series name in the harness's table. */
        String series()
        {
            return series;
        }

        /**
         * @return the store whose series is named {@code name}.
         * @throws IllegalArgumentException naming the value and the choices when there is none.
         */
        static Store ofSeries(final String name)
        {
            for (final Store store : values())
            {
                if (store.series.equals(name))
                {
                    return store;
                }
            }
            throw new IllegalArgumentException("--baselines takes quickfixj and/or quickfixj-durable, got '" + name + "'");
        }
    }

    private QuickFixRun()
    {
    }

    static HorizonFixRun.RunOutcome run(final FixRoundTripHarness.Settings s, final Store store, final long rate,
        final int simulatorPort) throws IOException, ConfigError
    {
        final int warmup = (int)(rate * s.warmup);
        final int orders = warmup + (int)(rate * s.seconds);
        final RoundTripTimes times = new RoundTripTimes(orders, warmup);
        final int[] rejects = new int[1];
        final WireTap tap = WireTap.start(simulatorPort, times);
        final SessionID sessionId = new SessionID("FIX.4.4", "HORIZON", "HZSIM");
        final SessionSettings settings = new SessionSettings();
        settings.setString(sessionId, "ConnectionType", "initiator");
        settings.setString(sessionId, "SocketConnectHost", "127.0.0.1");
        settings.setLong(sessionId, "SocketConnectPort", tap.port());
        settings.setString(sessionId, "StartTime", "00:00:00");
        settings.setString(sessionId, "EndTime", "00:00:00");
        settings.setLong(sessionId, "HeartBtInt", 30);
        settings.setLong(sessionId, "ReconnectInterval", 1);
        settings.setString(sessionId, "ResetOnLogon", "Y");
        settings.setString(sessionId, "UseDataDictionary", "Y");
        settings.setString(sessionId, "DataDictionary", "FIX44.xml");
        settings.setString(sessionId, "SocketTcpNoDelay", "Y");
        final Path storeDir = store == Store.FILE_SYNCED ? Files.createTempDirectory("quickfixj-durable-store") : null;
        final MessageStoreFactory stores;
        if (storeDir != null)
        {
            settings.setString(sessionId, FileStoreFactory.SETTING_FILE_STORE_PATH, storeDir.toString());
            settings.setString(sessionId, FileStoreFactory.SETTING_FILE_STORE_SYNC, "Y");
            stores = new FileStoreFactory(settings);
        }
        else
        {
            stores = new MemoryStoreFactory();
        }
        // Without a log factory QuickFIX/J prints every message to stdout: log nothing, as Horizon does.
        final SocketInitiator initiator = new SocketInitiator(new Reports(times, rejects), stores,
            settings, new ScreenLogFactory(false, false, false, false), new DefaultMessageFactory());
        double achieved = 0;
        boolean drained = false;
        final ThreadCpu cpu = new ThreadCpu();
        String threads = "";
        String stopped = null;
        try
        {
            initiator.start();
            final Session session = awaitLogon(sessionId);
            final String idle = HorizonFixRun.idleCpu(s.idleSeconds);
            final FixSchedule schedule = new FixSchedule(System.nanoTime() + 10_000_000, rate);
            long first = 0;
            long last = 0;
            int sent = 0;
            for (int i = 0; i < orders; i++)
            {
                final long planned = schedule.awaitSlot(i);
                if (System.nanoTime() - planned > GIVE_UP_BEHIND_NANOS)
                {
                    stopped = String.format(java.util.Locale.ROOT, "the sender stopped after %,d of %,d orders (%,d measured)" +
                        ": more than %d s behind its schedule, each Session.send waiting for the store", i, orders,
                        Math.max(0, i - warmup), GIVE_UP_BEHIND_NANOS / 1_000_000_000L);
                    break;
                }
                times.planned[i] = planned;
                times.decision(i, System.nanoTime());
                final boolean buy = (i & 1) == 0;
                final NewOrderSingle order = new NewOrderSingle(
                    new ClOrdID(ClientOrderIds.format(HorizonFixRun.CLIENT_ORDER_ID_HI, i)),
                    new Side(buy ? Side.BUY : Side.SELL), new TransactTime(LocalDateTime.now()), new OrdType(OrdType.LIMIT));
                order.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE_NO_BROKER_INTERVENTION));
                order.set(new Symbol("AAPL"));
                order.set(new OrderQty(1));
                order.set(new Price(buy ? 100 : 99));
                if (!session.send(order))
                {
                    throw new IllegalStateException("QuickFIX/J refused to send order " + i + " (session down?)");
                }
                if (i == warmup)
                {
                    first = planned;
                    cpu.start();
                }
                last = System.nanoTime();
                sent = i + 1;
            }
            final int measured = Math.max(0, sent - warmup);
            achieved = measured / Math.max(1e-9, (last - first) / 1e9);
            drained = HorizonFixRun.awaitReports(times, sent, 20_000);
            threads = measured == 0 ? idle + "  (no measured orders)\n" :
                idle + ThreadCpu.table(cpu.stop(), cpu.elapsedNanos(), measured);
        }
        finally
        {
            initiator.stop(true);
            tap.close();
            if (storeDir != null)
            {
                HorizonFixRun.delete(storeDir);
            }
        }
        return new HorizonFixRun.RunOutcome(times, achieved, drained && stopped == null && achieved >= 0.95 * rate,
            rejects[0], rejects[0] > 0 ? "rejected by the simulator" : null, threads, stopped);
    }

    private static Session awaitLogon(final SessionID sessionId)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (true)
        {
            final Session session = Session.lookupSession(sessionId);
            if (session != null && session.isLoggedOn())
            {
                return session;
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the QuickFIX/J initiator did not log on to the simulator within 20 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Stamps REPORT for each fill report, on QuickFIX/J's session thread. */
    private static final class Reports implements Application
    {
        private final RoundTripTimes times;
        private final int[] rejects;

        Reports(final RoundTripTimes times, final int[] rejects)
        {
            this.times = times;
            this.rejects = rejects;
        }

        @Override
        public void fromApp(final Message message, final SessionID sessionId) throws FieldNotFound
        {
            if (!MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD)))
            {
                return;
            }
            final char execType = message.getChar(ExecType.FIELD);
            if (execType == ExecType.TRADE || execType == '2')
            {
                times.report(RoundTripTimes.indexOf(message.getString(ClOrdID.FIELD)), System.nanoTime());
            }
            else if (execType == ExecType.REJECTED)
            {
                rejects[0]++;
            }
        }

        @Override
        public void onCreate(final SessionID sessionId)
        {
        }

        @Override
        public void onLogon(final SessionID sessionId)
        {
        }

        @Override
        public void onLogout(final SessionID sessionId)
        {
        }

        @Override
        public void toAdmin(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void fromAdmin(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void toApp(final Message message, final SessionID sessionId)
        {
        }
    }
}
