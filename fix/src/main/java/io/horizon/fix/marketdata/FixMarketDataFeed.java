package io.horizon.fix.marketdata;

import java.util.Arrays;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.feed.MarketDataSink;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.fix.FixFields;
import io.horizon.fix.FixSessionListener;
import io.horizon.fix.FixVenue;
import io.horizon.fix.codecs.MDEntryType;
import io.horizon.fix.codecs.MDUpdateAction;
import io.horizon.fix.codecs.MDUpdateType;
import io.horizon.fix.codecs.SubscriptionRequestType;
import io.horizon.fix.codecs.builder.MarketDataRequestEncoder;
import io.horizon.fix.codecs.decoder.MarketDataIncrementalRefreshDecoder;
import io.horizon.fix.codecs.decoder.MarketDataRequestRejectDecoder;
import io.horizon.fix.codecs.decoder.MarketDataSnapshotFullRefreshDecoder;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.fields.DecimalFloat;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.AsciiBuffer;

/**
 * Market data over FIX 4.4 on a {@link FixVenue}'s session: once the session has logged on (and
 * again after every reconnect) it sends one MarketDataRequest (V, snapshot plus incremental
 * updates, top of book, entry types bid, offer and trade) per instrument of the reference data,
 * and turns what comes back into the engine's market data events:
 * <ul>
 *   <li>a MarketDataSnapshotFullRefresh (W) replaces the instrument's top of book and publishes
 *       it as one quote;</li>
 *   <li>a MarketDataIncrementalRefresh (X) applies its bid and offer entries (new, change,
 *       delete) and publishes one quote per instrument it touched, after its trade entries,
 *       which are published as trades (unknown aggressor: FIX 4.4 market data does not carry it);</li>
 *   <li>a MarketDataRequestReject (Y) is logged with its MDReqID, reason and text; the instrument
 *       gets no data from this session.</li>
 * </ul>
 * A resent message (PossDupFlag 43=Y, the venue's answer to a ResendRequest after a gap) is applied
 * to an instrument only when its MsgSeqNum (34) is above the last one applied to that instrument;
 * otherwise it is dropped, counted in {@link #resentDropped()} and logged: a resent snapshot or
 * refresh is never applied twice, and never takes the book back to an older state (a trade entry
 * in such a message is dropped with it). Messages sent once are applied as the session delivers them.
 * <p>
 * Prices and sizes become {@link FixedPoint} longs; the decoders, the book and the symbol lookup
 * are reused, so reading a message allocates nothing once warm.
 * <p>
 * Hostile input is handled as the CSV feed's {@code bad_rows = "skip"}: an entry with an unknown
 * symbol, a price that is not greater than zero or does not fit six decimals, a negative size or
 * a missing field is logged (the session, the tag, the value), counted in {@link #refusedEntries()},
 * and skipped; it uses up a feed sequence number, so the watchdog sees the gap. A crossed or
 * locked book is market data like any other: it is published, and risk judges it.
 * <p>
 * A dropped session publishes nothing until it logs on again and the snapshots arrive. The drop
 * itself is reported at once ({@link FeedDownReports}: the daemon journals a {@code FEED_DOWN}
 * control), so the engine's feed watchdog marks the feed stale ({@code feed.stale}) at that event
 * rather than after {@code feed_stale_seconds} of silence; it recovers with the first quote after
 * the next logon (as {@code feed_auto_recover} says). A stalled feed on a session that stays up is
 * judged by its silence as before.
 * <p>
 * Threading: {@link #doWork} and {@link #onMessage} on the thread that polls the venue;
 * {@link #start} from any thread before or while it polls; the counters from any thread.
 */
public final class FixMarketDataFeed implements FixSessionListener
{
    private static final Logger LOG = LoggerFactory.getLogger(FixMarketDataFeed.class);
    /** Refusals logged one by one; after that one line in {@value #LOG_EVERY}. */
    private static final int LOG_FIRST = 20;
    private static final int LOG_EVERY = 10_000;

    private final ReferenceData referenceData;
    private final SymbolTable symbols;
    private final int feedId;
    private final EpochNanoClock clock;
    private final String sessionName;

    private final MarketDataRequestEncoder request = new MarketDataRequestEncoder();
    private final MarketDataSnapshotFullRefreshDecoder snapshot = new MarketDataSnapshotFullRefreshDecoder();
    private final MarketDataIncrementalRefreshDecoder incremental = new MarketDataIncrementalRefreshDecoder();
    private final MarketDataRequestRejectDecoder requestReject = new MarketDataRequestRejectDecoder();

    private final long[] bidPrice;
    private final long[] bidQuantity;
    private final long[] askPrice;
    private final long[] askQuantity;
    private final boolean[] quoted;
    private final boolean[] dirty;
    private final int[] touched;
    private final String[] requestIds;
    /** Per instrument, the MsgSeqNum (34) of the last message applied to it. */
    private final int[] lastAppliedSeqNum;
    /** Per instrument, which message applied it last (counts messages handled). */
    private final long[] appliedByMessage;
    private long messagesHandled;
    /** The message whose dropped resent entries were logged (one line per message). */
    private long loggedResentOf;

    private volatile MarketDataSink sink;
    private volatile FeedDownReports downReports = FeedDownReports.NONE;
    /** Said in the journal when the session drops (made once: reporting a drop allocates nothing). */
    private final String downReason;
    private boolean downPending;
    private Session subscribed;
    private int nextRequest;
    private int generation;
    private long feedSequence;
    private int touchedCount;
    private long entryPrice;
    private long entrySize;

    private volatile long quotes;
    private volatile long trades;
    private volatile long refusedEntries;
    private volatile long rejectedRequests;
    private volatile long dropped;
    private volatile long resentDropped;
    private volatile boolean streaming;
    private AtomicCounter refusedMetric;
    private AtomicCounter rejectedMetric;
    private AtomicCounter resentMetric;

    /**
     * @param referenceData the instruments to subscribe to; FIX Symbol (55) is the instrument's symbol.
     * @param feedId        the feed id its events carry (the watchdog judges feeds by it).
     * @param clock         stamps each event when it is read off the session; one that does not
     *                      allocate, such as Agrona's {@code OffsetEpochNanoClock} (the system clock
     *                      makes an {@code Instant} per reading).
     * @param sessionName   the session as logs name it.
     */
    public FixMarketDataFeed(
        final ReferenceData referenceData, final int feedId, final EpochNanoClock clock, final String sessionName)
    {
        this.referenceData = referenceData;
        this.symbols = new SymbolTable(referenceData);
        this.feedId = feedId;
        this.clock = clock;
        this.sessionName = sessionName;
        this.downReason = "FIX market data session " + sessionName + " dropped";
        final int count = referenceData.instrumentCount();
        bidPrice = new long[count];
        bidQuantity = new long[count];
        askPrice = new long[count];
        askQuantity = new long[count];
        quoted = new boolean[count];
        dirty = new boolean[count];
        touched = new int[count];
        requestIds = new String[count];
        lastAppliedSeqNum = new int[count];
        appliedByMessage = new long[count];
    }

    /**
     * Starts publishing: the requests go out on the next poll with a logged-on session.
     *
     * @param sink where quotes and trades go (the engine's inbound ring).
     */
    public void start(final MarketDataSink sink)
    {
        start(sink, FeedDownReports.NONE);
    }

    /**
     * Starts publishing, and reporting each drop of the session as it happens.
     *
     * @param sink        where quotes and trades go (the engine's inbound ring).
     * @param downReports where a drop of the session is reported (the daemon journals it).
     */
    public void start(final MarketDataSink sink, final FeedDownReports downReports)
    {
        this.downReports = downReports;
        this.sink = sink;
    }

    /**
     * Exports its refusals as {@code horizon_fix_market_data_refused_entries_total{venue="NAME"}},
     * {@code horizon_fix_market_data_rejected_requests_total{venue="NAME"}} and
     * {@code horizon_fix_market_data_resent_dropped_total{venue="NAME"}}. Call before the venue is
     * polled.
     *
     * @param counters where the counters live.
     * @param venue    the venue whose session carries the feed.
     */
    public void countInto(final EngineCounters counters, final String venue)
    {
        final String label = "{venue=\"" + EngineCounters.labelValue(venue) + "\"}";
        refusedMetric = counters.counter("horizon_fix_market_data_refused_entries_total" + label, EngineCounters.TYPE_PLAIN);
        rejectedMetric = counters.counter("horizon_fix_market_data_rejected_requests_total" + label, EngineCounters.TYPE_PLAIN);
        resentMetric = counters.counter("horizon_fix_market_data_resent_dropped_total" + label, EngineCounters.TYPE_PLAIN);
    }

    /**
     * @return the feed id its events carry.
     */
    public int feedId()
    {
        return feedId;
    }

    /**
     * @return true while subscribed on a logged-on session.
     */
    public boolean isStreaming()
    {
        return streaming;
    }

    /**
     * @return quotes published.
     */
    public long quotes()
    {
        return quotes;
    }

    /**
     * @return trades published.
     */
    public long trades()
    {
        return trades;
    }

    /**
     * @return entries and messages refused (unknown symbol, bad price or size, unreadable).
     */
    public long refusedEntries()
    {
        return refusedEntries;
    }

    /**
     * @return MarketDataRequests the venue rejected (Y).
     */
    public long rejectedRequests()
    {
        return rejectedRequests;
    }

    /**
     * @return resent entries (PossDupFlag 43=Y) not applied because their instrument had already
     *         applied a message as new or newer.
     */
    public long resentDropped()
    {
        return resentDropped;
    }

    /**
     * @return events dropped because the inbound ring was full.
     */
    public long dropped()
    {
        return dropped;
    }

    @Override
    public int doWork(final Session loggedOn)
    {
        if (sink == null)
        {
            return 0;
        }
        if (loggedOn == null)
        {
            int work = 0;
            if (subscribed != null)
            {
                subscribed = null;
                streaming = false;
                downPending = true;
                LOG.warn("FIX market data on session {}: the session is down; no quotes until it logs on again " +
                    "(feed {} reported down: the watchdog marks it stale now)", sessionName, feedId);
                work = 1;
            }
            if (downPending && downReports.feedDown(feedId, downReason))
            {
                downPending = false;
                work = 1;
            }
            return work;
        }
        if (loggedOn != subscribed)
        {
            // Back before the drop could be reported (the inbound ring was full all along): the
            // quotes that follow the new snapshots speak for the feed.
            downPending = false;
            subscribed = loggedOn;
            nextRequest = 0;
            generation++;
            forgetAppliedSeqNumsIfReset(loggedOn.lastReceivedMsgSeqNum());
        }
        int work = 0;
        while (nextRequest < requestIds.length)
        {
            if (!subscribe(loggedOn, nextRequest))
            {
                // Back-pressure: the rest go on a later poll.
                return work;
            }
            nextRequest++;
            work++;
            if (nextRequest == requestIds.length)
            {
                streaming = true;
                LOG.info("FIX market data on session {}: requested {} instrument(s) as feed {}", sessionName,
                    requestIds.length, feedId);
            }
        }
        return work;
    }

    @Override
    public boolean onMessage(final AsciiBuffer buffer, final int offset, final int length, final long messageType)
    {
        if (messageType != MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE &&
            messageType != MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE &&
            messageType != MarketDataRequestRejectDecoder.MESSAGE_TYPE)
        {
            return false;
        }
        if (sink == null)
        {
            // Not started, so nothing was requested: market data the venue sends unasked is dropped.
            return true;
        }
        messagesHandled++;
        try
        {
            if (messageType == MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE)
            {
                incremental.reset();
                incremental.decode(buffer, offset, length);
                onIncremental();
            }
            else if (messageType == MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE)
            {
                snapshot.reset();
                snapshot.decode(buffer, offset, length);
                onSnapshot();
            }
            else
            {
                requestReject.reset();
                requestReject.decode(buffer, offset, length);
                onRequestReject();
            }
        }
        catch (final RuntimeException ex)
        {
            forgetTouched();
            refuse(messageType == MarketDataIncrementalRefreshDecoder.MESSAGE_TYPE ? "MarketDataIncrementalRefresh" :
                messageType == MarketDataSnapshotFullRefreshDecoder.MESSAGE_TYPE ? "MarketDataSnapshotFullRefresh" :
                "MarketDataRequestReject", "message", ex.toString(), "could not be read; skipped");
        }
        return true;
    }

    private boolean subscribe(final Session session, final int instrumentId)
    {
        final String symbol = referenceData.instrument(instrumentId).symbol();
        final String id = "HZMD-" + generation + "-" + symbol;
        request.reset();
        request.mDReqID(id)
            .subscriptionRequestType(SubscriptionRequestType.SNAPSHOT_PLUS_UPDATES)
            .marketDepth(1)
            .mDUpdateType(MDUpdateType.INCREMENTAL_REFRESH);
        final MarketDataRequestEncoder.MDEntryTypesGroupEncoder types = request.mDEntryTypesGroup(3);
        types.mDEntryType(MDEntryType.BID);
        types.next().mDEntryType(MDEntryType.OFFER);
        types.next().next().mDEntryType(MDEntryType.TRADE);
        request.relatedSymGroup(1).instrument().symbol(symbol);
        if (session.trySend(request) < 0)
        {
            return false;
        }
        requestIds[instrumentId] = id;
        return true;
    }

    private void onSnapshot()
    {
        final MarketDataSnapshotFullRefreshDecoder w = snapshot;
        final int instrumentId = symbols.instrumentId(w.symbol(), w.symbolLength());
        if (instrumentId < 0)
        {
            refuse("MarketDataSnapshotFullRefresh", "55=Symbol", w.symbolAsString(), "not an instrument of the preset; skipped");
            return;
        }
        final int seqNum = w.header().msgSeqNum();
        if (!applies(w.header().hasPossDupFlag() && w.header().possDupFlag(), seqNum, instrumentId))
        {
            dropResent("MarketDataSnapshotFullRefresh", seqNum, instrumentId);
            return;
        }
        bidPrice[instrumentId] = 0;
        bidQuantity[instrumentId] = 0;
        askPrice[instrumentId] = 0;
        askQuantity[instrumentId] = 0;
        final int count = w.hasNoMDEntriesGroupCounter() ? w.noMDEntriesGroupCounter() : 0;
        MarketDataSnapshotFullRefreshDecoder.MDEntriesGroupDecoder entry = w.mDEntriesGroup();
        for (int i = 0; i < count && entry != null; i++, entry = entry.next())
        {
            final char type = entry.mDEntryType();
            if (type != MDEntryType.BID.representation() && type != MDEntryType.OFFER.representation())
            {
                // A trade in a snapshot is history; other entry types were not asked for.
                continue;
            }
            if (!readPriceAndSize("MarketDataSnapshotFullRefresh", entry.hasMDEntryPx() ? entry.mDEntryPx() : null,
                entry.hasMDEntrySize() ? entry.mDEntrySize() : null, instrumentId))
            {
                continue;
            }
            final long price = entryPrice;
            final long size = entrySize;
            setSide(instrumentId, type == MDEntryType.BID.representation(), price, size);
        }
        publishQuote(instrumentId);
    }

    private void onIncremental()
    {
        final MarketDataIncrementalRefreshDecoder x = incremental;
        final int seqNum = x.header().msgSeqNum();
        final boolean possDup = x.header().hasPossDupFlag() && x.header().possDupFlag();
        final int count = x.hasNoMDEntriesGroupCounter() ? x.noMDEntriesGroupCounter() : 0;
        MarketDataIncrementalRefreshDecoder.MDEntriesGroupDecoder entry = x.mDEntriesGroup();
        for (int i = 0; i < count && entry != null; i++, entry = entry.next())
        {
            final int instrumentId = symbols.instrumentId(entry.symbol(), entry.symbolLength());
            if (instrumentId < 0)
            {
                refuse("MarketDataIncrementalRefresh", "55=Symbol", entry.symbolLength() == 0 ? "(missing)" :
                    entry.symbolAsString(), "not an instrument of the preset; entry skipped");
                continue;
            }
            if (!applies(possDup, seqNum, instrumentId))
            {
                dropResent("MarketDataIncrementalRefresh", seqNum, instrumentId);
                continue;
            }
            if (!entry.hasMDEntryType())
            {
                refuseEntry("MarketDataIncrementalRefresh", "269=MDEntryType", "(missing)", instrumentId);
                continue;
            }
            final char type = entry.mDEntryType();
            final char action = entry.mDUpdateAction();
            final boolean bid = type == MDEntryType.BID.representation();
            if (!bid && type != MDEntryType.OFFER.representation() && type != MDEntryType.TRADE.representation())
            {
                continue;
            }
            if (action == MDUpdateAction.DELETE.representation())
            {
                if (type != MDEntryType.TRADE.representation())
                {
                    setSide(instrumentId, bid, 0, 0);
                    touch(instrumentId);
                }
                continue;
            }
            if (action != MDUpdateAction.NEW.representation() && action != MDUpdateAction.CHANGE.representation())
            {
                refuseEntry("MarketDataIncrementalRefresh", "279=MDUpdateAction", String.valueOf(action), instrumentId);
                continue;
            }
            if (!readPriceAndSize("MarketDataIncrementalRefresh", entry.hasMDEntryPx() ? entry.mDEntryPx() : null,
                entry.hasMDEntrySize() ? entry.mDEntrySize() : null, instrumentId))
            {
                continue;
            }
            final long price = entryPrice;
            final long size = entrySize;
            if (type == MDEntryType.TRADE.representation())
            {
                publishTrade(instrumentId, price, size);
            }
            else
            {
                setSide(instrumentId, bid, price, size);
                touch(instrumentId);
            }
        }
        for (int i = 0; i < touchedCount; i++)
        {
            final int instrumentId = touched[i];
            dirty[instrumentId] = false;
            publishQuote(instrumentId);
        }
        touchedCount = 0;
    }

    private void onRequestReject()
    {
        final MarketDataRequestRejectDecoder y = requestReject;
        rejectedRequests++;
        if (rejectedMetric != null)
        {
            rejectedMetric.incrementRelease();
        }
        final String id = y.mDReqIDAsString();
        String symbol = "an unknown request";
        for (int i = 0; i < requestIds.length; i++)
        {
            if (id.equals(requestIds[i]))
            {
                symbol = referenceData.instrument(i).symbol();
            }
        }
        LOG.warn("FIX market data on session {}: MarketDataRequestReject for 262=MDReqID {} ({}): 281=MDReqRejReason {} " +
            "58=Text {}; no market data for it from this session", sessionName, id, symbol,
            y.hasMDReqRejReason() ? String.valueOf(y.mDReqRejReason()) : "(none)", y.hasText() ? y.textAsString() : "");
    }

    /**
     * The rule for resent market data: a message sent once (no PossDupFlag) is always applied, in
     * the order the session delivers it. A resent one (43=Y, on the venue's answer to a
     * ResendRequest, which may come after newer messages were applied) is applied to an instrument
     * only when its MsgSeqNum is above the last one applied to that instrument, so a snapshot or
     * refresh is never applied twice and never takes an instrument back to an older state.
     *
     * @return true when the message applies to the instrument (and is recorded as applied).
     */
    private boolean applies(final boolean possDup, final int seqNum, final int instrumentId)
    {
        if (possDup)
        {
            final int last = lastAppliedSeqNum[instrumentId];
            if (seqNum < last || seqNum == last && appliedByMessage[instrumentId] != messagesHandled)
            {
                return false;
            }
        }
        lastAppliedSeqNum[instrumentId] = seqNum;
        appliedByMessage[instrumentId] = messagesHandled;
        return true;
    }

    /** A new session whose sequence numbers start below what was applied was reset: the old numbers mean nothing. */
    private void forgetAppliedSeqNumsIfReset(final int lastReceivedSeqNum)
    {
        for (int i = 0; i < lastAppliedSeqNum.length; i++)
        {
            if (lastAppliedSeqNum[i] > lastReceivedSeqNum)
            {
                Arrays.fill(lastAppliedSeqNum, 0);
                return;
            }
        }
    }

    private void dropResent(final String message, final int seqNum, final int instrumentId)
    {
        final long count = ++resentDropped;
        if (resentMetric != null)
        {
            resentMetric.incrementRelease();
        }
        if (loggedResentOf != messagesHandled && (count <= LOG_FIRST || count % LOG_EVERY == 0))
        {
            loggedResentOf = messagesHandled;
            LOG.info("FIX market data on session {}: resent (43=PossDupFlag Y) {} 34=MsgSeqNum {} for {} is not newer " +
                "than the last applied to it (34={}); not applied again ({} entries so far)", sessionName, message, seqNum,
                referenceData.instrument(instrumentId).symbol(), lastAppliedSeqNum[instrumentId], count);
        }
    }

    private void touch(final int instrumentId)
    {
        if (!dirty[instrumentId])
        {
            dirty[instrumentId] = true;
            touched[touchedCount++] = instrumentId;
        }
    }

    /**
     * A message failed part way: what it changed is published with the next quote of those
     * instruments; none stays marked as touched.
     */
    private void forgetTouched()
    {
        for (int i = 0; i < touchedCount; i++)
        {
            dirty[touched[i]] = false;
        }
        touchedCount = 0;
    }

    private void setSide(final int instrumentId, final boolean bid, final long price, final long size)
    {
        if (bid)
        {
            bidPrice[instrumentId] = price;
            bidQuantity[instrumentId] = size;
        }
        else
        {
            askPrice[instrumentId] = price;
            askQuantity[instrumentId] = size;
        }
    }

    private void publishQuote(final int instrumentId)
    {
        final boolean empty = bidPrice[instrumentId] == 0 && askPrice[instrumentId] == 0;
        if (empty && !quoted[instrumentId])
        {
            // Nothing known yet, and nothing published to take back.
            return;
        }
        quoted[instrumentId] = !empty;
        if (sink.quote(clock.nanoTime(), feedId, ++feedSequence, instrumentId, bidPrice[instrumentId],
            bidQuantity[instrumentId], askPrice[instrumentId], askQuantity[instrumentId]))
        {
            quotes++;
        }
        else
        {
            dropped++;
        }
    }

    private void publishTrade(final int instrumentId, final long price, final long size)
    {
        if (sink.trade(clock.nanoTime(), feedId, ++feedSequence, instrumentId, price, size, null))
        {
            trades++;
        }
        else
        {
            dropped++;
        }
    }

    /**
     * Reads an entry's MDEntryPx (270) and MDEntrySize (271) into {@link #entryPrice} and
     * {@link #entrySize}, or refuses the entry.
     *
     * @return false when the entry was refused.
     */
    private boolean readPriceAndSize(final String message, final DecimalFloat px, final DecimalFloat qty,
        final int instrumentId)
    {
        entryPrice = price(px);
        entrySize = size(qty);
        if (entryPrice <= 0 || entrySize < 0)
        {
            refuseEntry(message, entryPrice <= 0 ? "270=MDEntryPx" : "271=MDEntrySize", text(entryPrice <= 0 ? px : qty),
                instrumentId);
            return false;
        }
        return true;
    }

    /**
     * @return the price in fixed point, or 0 when missing, not above zero or finer than six decimals.
     */
    private static long price(final DecimalFloat value)
    {
        return value == null ? 0 : Math.max(0, FixFields.fixedPoint(value));
    }

    /**
     * @return the size in fixed point, or -1 when missing, negative or finer than six decimals.
     */
    private static long size(final DecimalFloat value)
    {
        if (value == null)
        {
            return -1;
        }
        final long size = FixFields.fixedPoint(value);
        return size < 0 || size == 0 && value.value() != 0 ? -1 : size;
    }

    private static String text(final DecimalFloat value)
    {
        if (value != null && (value.value() == Long.MIN_VALUE || value.scale() < 0 || value.scale() > 18))
        {
            // What Artio's decoder leaves for characters that are not a decimal number.
            return "(not a decimal number)";
        }
        return value != null ? value.toString() + " (must be > 0 for a price, >= 0 for a size, at most " +
            FixedPoint.DECIMALS + " decimals)" : "(missing)";
    }

    private void refuseEntry(final String message, final String tag, final String value, final int instrumentId)
    {
        refuse(message, tag, value, "entry for " + referenceData.instrument(instrumentId).symbol() + " skipped");
    }

    private void refuse(final String message, final String tag, final String value, final String what)
    {
        // The skipped entry uses up a sequence number: the watchdog counts it as a gap.
        feedSequence++;
        final long refused = ++refusedEntries;
        if (refusedMetric != null)
        {
            refusedMetric.incrementRelease();
        }
        if (refused <= LOG_FIRST || refused % LOG_EVERY == 0)
        {
            LOG.warn("FIX market data on session {}: {} {} {}: {}{}", sessionName, message, tag, value, what,
                refused == LOG_FIRST ? " (further refusals are logged once in " + LOG_EVERY + ")" :
                    refused > LOG_FIRST ? " (" + refused + " refused so far)" : "");
        }
    }
}
