package io.horizon.journal.dlq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.RefusedCommand;
import io.horizon.engine.venue.VenueRoutes;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalReader;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.flush.CauseLookup;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.StoreAlerts;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Captures dead letters from the outbound journal into {@code dlq.db}, exactly once.
 * <pre>
 * journal/outbound ─> VENUE_NEW / CANCEL / AMEND ──> recent commands by order id
 *                  ─> report rejected with VENUE_EXCEPTION ─┬─> dlq.db (rows + position, one transaction)
 *                  ─> ENGINE_ERROR ─────────────────────────┘      ^ cause text and input from journal/inbound
 * </pre>
 * A venue call that raises becomes, in the engine, a journaled {@code VENUE_ERROR} input and then
 * a reject report with reason {@link RejectReason#VENUE_EXCEPTION} (counted under layer
 * {@code venue_exception}); an exception in a BLP handler becomes an {@link OutputKind#ENGINE_ERROR}
 * output. This flusher turns each into a dead letter holding the full command for redrive: a new
 * order's terms come with its reject report, a cancel names its order, and an amend's new terms
 * come from the {@code VENUE_AMEND} command it remembers (the last {@value #RECENT_COMMANDS} by
 * order id; after a restart it re-reads up to that many outputs before its position to rebuild
 * them). The error text and, for engine errors, the input come from the inbound journal.
 * <p>
 * The position (outbound records consumed) moves in the same transaction as the rows; see
 * {@link io.horizon.journal.audit.AuditFlusher} for why that is exactly-once. It also keeps the
 * {@code horizon_dlq_depth} gauge.
 * <p>
 * Threading: the {@link FlushLoop}'s thread only.
 */
public final class DlqFlusher implements FlushLoop.Flusher
{
    /** Name of the dead-letter queue's journal position. */
    public static final String POSITION = "journal";
    /** Most outbound records per transaction. */
    public static final int MAX_RECORDS = 16_384;
    /** Venue commands remembered, by order id, to give an amend's dead letter its terms. */
    public static final int RECENT_COMMANDS = 65_536;

    private static final long POSITION_ONLY_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long DEPTH_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Path stateDirectory;
    private final DlqStore store;
    private final ReferenceData referenceData;
    private final VenueRoutes venues;
    private final List<String> strategyNames;
    private final FlusherCounters counters;
    private final AtomicCounter depth;
    private final EngineOutput output = new EngineOutput();
    private final List<DlqEntry> batch = new ArrayList<>();
    private final Map<Long, EngineOutput> recentCommands = new LinkedHashMap<>(1024, 0.75f, false)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, EngineOutput> eldest)
        {
            return size() > RECENT_COMMANDS;
        }
    };
    private JournalReader outbound;
    private CauseLookup causes;
    private volatile long committed = -1;
    private long next;
    private boolean pending;
    private long lastCommitNanos;
    private long lastDepthNanos;

    /**
     * @param stateDirectory where the journal is.
     * @param store          the dead-letter queue.
     * @param referenceData  account and instrument names.
     * @param venueName      the venue the gateway sends to.
     * @param strategyNames  strategy names by id.
     * @param counters       entries captured, lag and faults.
     * @param depth          gauge of open entries, or null.
     */
    public DlqFlusher(
        final Path stateDirectory,
        final DlqStore store,
        final ReferenceData referenceData,
        final String venueName,
        final List<String> strategyNames,
        final FlusherCounters counters,
        final AtomicCounter depth)
    {
        this(stateDirectory, store, referenceData, VenueRoutes.single(venueName), strategyNames, counters, depth);
    }

    /**
     * @param stateDirectory where the journal is.
     * @param store          the dead-letter queue.
     * @param referenceData  account and instrument names.
     * @param venues         which venue each order goes to (each entry names its order's own).
     * @param strategyNames  strategy names by id.
     * @param counters       entries captured, lag and faults.
     * @param depth          gauge of open entries, or null.
     */
    public DlqFlusher(
        final Path stateDirectory,
        final DlqStore store,
        final ReferenceData referenceData,
        final VenueRoutes venues,
        final List<String> strategyNames,
        final FlusherCounters counters,
        final AtomicCounter depth)
    {
        this.stateDirectory = stateDirectory;
        this.store = store;
        this.referenceData = referenceData;
        this.venues = venues;
        this.strategyNames = List.copyOf(strategyNames);
        this.counters = counters;
        this.depth = depth;
    }

    /**
     * Allocates the {@code horizon_dlq_depth} gauge. Owner thread, while setting up.
     *
     * @param counters the engine's counters.
     * @return the gauge.
     */
    public static AtomicCounter depthGauge(final EngineCounters counters)
    {
        return counters.newCounter("horizon_dlq_depth", EngineCounters.TYPE_GAUGE);
    }

    /**
     * Starts the flusher on its own thread.
     *
     * @return the running loop.
     */
    public FlushLoop start(final StoreAlerts alerts)
    {
        return new FlushLoop(this, counters, alerts, "horizon-dlq-flusher").start();
    }

    @Override
    public boolean flushOnce(final boolean finalFlush) throws SQLException
    {
        if (outbound == null && !open())
        {
            return false;
        }
        if (!pending)
        {
            read();
        }
        final boolean moved = next != committed;
        if (batch.isEmpty() && !(moved && (finalFlush || System.nanoTime() - lastCommitNanos >= POSITION_ONLY_COMMIT_NANOS)))
        {
            if (depth != null && System.nanoTime() - lastDepthNanos >= DEPTH_REFRESH_NANOS)
            {
                refreshDepth();
            }
            return false;
        }
        pending = true;
        final int written = store.appendFromJournal(POSITION, committed, next, batch);
        pending = false;
        counters.written.getAndAddRelease(written);
        final boolean captured = !batch.isEmpty();
        batch.clear();
        committed = next;
        lastCommitNanos = System.nanoTime();
        if (captured && depth != null)
        {
            refreshDepth();
        }
        return true;
    }

    private void refreshDepth() throws SQLException
    {
        depth.setRelease(store.depth());
        lastDepthNanos = System.nanoTime();
    }

    /**
     * @return false while the daemon has not created the journal yet.
     */
    private boolean open() throws SQLException
    {
        if (!Files.isDirectory(JournalDirectory.inbound(stateDirectory)) ||
            !Files.isDirectory(JournalDirectory.outbound(stateDirectory)))
        {
            return false;
        }
        final long position = store.position(POSITION);
        final JournalReader reader = JournalReader.outbound(stateDirectory);
        try
        {
            // Re-read the outputs just before the position: an amend's terms are in its command.
            final long warmFrom = Math.max(reader.firstRecord(), position - RECENT_COMMANDS);
            reader.seek(warmFrom);
            for (long r = warmFrom; r < position && reader.nextOutput(output); r++)
            {
                remember(output);
            }
            reader.seek(position);
        }
        catch (final RuntimeException ex)
        {
            reader.close();
            throw ex;
        }
        outbound = reader;
        causes = new CauseLookup(stateDirectory);
        committed = position;
        next = position;
        lastCommitNanos = System.nanoTime();
        return true;
    }

    private void read()
    {
        for (int records = 0; records < MAX_RECORDS && outbound.nextOutput(output); records++)
        {
            capture(output, next);
            next++;
        }
    }

    private void remember(final EngineOutput o)
    {
        if (o.kind == OutputKind.VENUE_NEW || o.kind == OutputKind.VENUE_CANCEL || o.kind == OutputKind.VENUE_AMEND)
        {
            recentCommands.remove(o.orderId);
            recentCommands.put(o.orderId, new EngineOutput().copyFrom(o));
        }
    }

    private void capture(final EngineOutput o, final long record)
    {
        if (o.kind == OutputKind.EXECUTION_REPORT && o.rejectReason == RejectReason.VENUE_EXCEPTION)
        {
            batch.add(venueFailure(o, record));
        }
        else if (o.kind == OutputKind.ENGINE_ERROR)
        {
            batch.add(engineError(o, record));
        }
        else
        {
            remember(o);
        }
    }

    private DlqEntry venueFailure(final EngineOutput report, final long record)
    {
        final EngineOutput command = recentCommands.get(report.orderId);
        final String strategy = report.strategyId >= 0 && report.strategyId < strategyNames.size() ?
            strategyNames.get(report.strategyId) : null;
        final DlqAction action;
        if (report.execType == ExecType.CANCEL_REJECTED)
        {
            action = new DlqAction(DlqAction.CANCEL_ORDER, account(report.accountId), symbol(report.instrumentId),
                name(report.side), name(report.orderType), price(report.orderType, report.price),
                FixedPoint.format(report.quantity), clientOrderId(report.clientOrderIdHi, report.clientOrderIdLo), null,
                Long.toString(report.orderId), strategy, venues.name(report.accountId, report.instrumentId), null,
                report.causeSequence, null, false);
        }
        else if (report.execType == ExecType.REPLACE_REJECTED)
        {
            // The refused amend's terms: from its venue error when that names it (it does since
            // venue errors name their command), else from the last amend sent for the order.
            final InboundEvent cause = causes.event(report.causeSequence);
            final boolean named = cause != null && RefusedCommand.of(cause) == OutputKind.VENUE_AMEND;
            final boolean known = named || command != null && command.kind == OutputKind.VENUE_AMEND;
            action = new DlqAction(DlqAction.AMEND_ORDER, account(report.accountId), symbol(report.instrumentId),
                name(report.side), name(report.orderType),
                known ? FixedPoint.format(named ? cause.price : command.price) : null,
                known ? FixedPoint.format(named ? cause.quantity : command.quantity) : null,
                !known ? null : named ? clientOrderId(cause.clientOrderIdHi, cause.clientOrderIdLo) :
                    clientOrderId(command.clientOrderIdHi, command.clientOrderIdLo),
                clientOrderId(report.clientOrderIdHi, report.clientOrderIdLo),
                Long.toString(report.orderId), strategy, venues.name(report.accountId, report.instrumentId), null,
                report.causeSequence, null, !known);
        }
        else
        {
            action = new DlqAction(DlqAction.NEW_ORDER, account(report.accountId), symbol(report.instrumentId),
                name(report.side), name(report.orderType), price(report.orderType, report.price),
                FixedPoint.format(report.quantity), clientOrderId(report.clientOrderIdHi, report.clientOrderIdLo), null,
                Long.toString(report.orderId), strategy, venues.name(report.accountId, report.instrumentId), null,
                report.causeSequence, null, false);
        }
        return entry(record, report.timestampNanos, DlqEntry.SOURCE_VENUE_EXCEPTION, action,
            causes.venueErrorText(report.causeSequence));
    }

    private DlqEntry engineError(final EngineOutput o, final long record)
    {
        final String error = CauseLookup.cut(o.error != null ? EngineOutput.errorText(o.error) : o.rejectReason.describe(o.rejectValue));
        final InboundEvent cause = causes.event(o.causeSequence);
        final DlqAction action;
        if (cause != null && cause.type == EventType.NEW_ORDER)
        {
            action = new DlqAction(DlqAction.NEW_ORDER, account(cause.accountId), symbol(cause.instrumentId), name(cause.side),
                name(cause.orderType), price(cause.orderType, cause.price), FixedPoint.format(cause.quantity),
                clientOrderId(cause.clientOrderIdHi, cause.clientOrderIdLo), null, null, null,
                venues.name(cause.accountId, cause.instrumentId),
                cause.type.name(), o.causeSequence, cause.toString(), false);
        }
        else if (cause != null && cause.type == EventType.CANCEL_ORDER)
        {
            action = new DlqAction(DlqAction.CANCEL_ORDER, account(cause.accountId), null, null, null, null, null,
                clientOrderId(cause.origClientOrderIdHi, cause.origClientOrderIdLo), null, null, null,
                venues.name(o.accountId, o.instrumentId),
                cause.type.name(), o.causeSequence, cause.toString(), false);
        }
        else if (cause != null && cause.type == EventType.AMEND_ORDER)
        {
            action = new DlqAction(DlqAction.AMEND_ORDER, account(cause.accountId), null, null, null,
                FixedPoint.format(cause.price), FixedPoint.format(cause.quantity),
                clientOrderId(cause.clientOrderIdHi, cause.clientOrderIdLo),
                clientOrderId(cause.origClientOrderIdHi, cause.origClientOrderIdLo), null, null,
                venues.name(o.accountId, o.instrumentId),
                cause.type.name(), o.causeSequence, cause.toString(), false);
        }
        else
        {
            action = new DlqAction(DlqAction.EVENT, account(o.accountId), symbol(o.instrumentId), name(o.side),
                name(o.orderType), null, null, clientOrderId(o.clientOrderIdHi, o.clientOrderIdLo), null,
                o.orderId != 0 ? Long.toString(o.orderId) : null, null, null,
                o.causeType == null ? null : o.causeType.name(), o.causeSequence,
                cause == null ? "input " + o.causeSequence + " is not in the journal" : cause.toString(), false);
        }
        return entry(record, o.timestampNanos, DlqEntry.SOURCE_ENGINE_ERROR, action, error);
    }

    private static DlqEntry entry(
        final long record, final long timestampNanos, final String source, final DlqAction action, final String error)
    {
        return new DlqEntry(DlqIds.of(record), AuditTime.format(timestampNanos), source, action.venue(), action.account(),
            action.market(), action.side(), action.quantity(), action.orderType(), action.price(),
            DlqAction.AMEND_ORDER.equals(action.kind()) ? action.origClientOrderId() : action.clientOrderId(),
            action.orderId(), error, 0, false, null, null, null, null, null, action.toJson(), record);
    }

    private String account(final int accountId)
    {
        return referenceData.isAccount(accountId) ? referenceData.account(accountId).name() :
            accountId < 0 ? null : Integer.toString(accountId);
    }

    private String symbol(final int instrumentId)
    {
        return referenceData.isInstrument(instrumentId) ? referenceData.instrument(instrumentId).symbol() :
            instrumentId < 0 ? null : Integer.toString(instrumentId);
    }

    private static String price(final OrderType type, final long price)
    {
        return type == OrderType.MARKET || type == null ? null : FixedPoint.format(price);
    }

    private static String clientOrderId(final long hi, final long lo)
    {
        return hi == 0 && lo == 0 ? null : ClientOrderIds.format(hi, lo);
    }

    private static String name(final Enum<?> value)
    {
        return value == null ? null : value.name();
    }

    /**
     * @return the outbound records committed to the store, or -1 before the first read of the
     *         store. Any thread (the journal lifecycle reads it).
     */
    public long committed()
    {
        return committed;
    }

    @Override
    public long lag()
    {
        if (outbound == null)
        {
            return 0;
        }
        return Math.max(0, outbound.entryCount() - (pending ? committed : next));
    }

    @Override
    public void reset()
    {
        store.reconnect();
    }

    @Override
    public void close()
    {
        if (causes != null)
        {
            causes.close();
        }
        if (outbound != null)
        {
            outbound.close();
            outbound = null;
        }
    }

    @Override
    public String storeName()
    {
        return "dlq";
    }

    @Override
    public String storeLocation()
    {
        return store.location();
    }
}
