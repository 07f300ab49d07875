package io.horizon.fix.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.horizon.engine.event.FixedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.SessionID;
import quickfix.field.MDEntryPx;
import quickfix.field.MDEntrySize;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDReqRejReason;
import quickfix.field.MDUpdateAction;
import quickfix.field.NoRelatedSym;
import quickfix.field.SubscriptionRequestType;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.fix44.MarketDataIncrementalRefresh;
import quickfix.fix44.MarketDataRequest;
import quickfix.fix44.MarketDataRequestReject;
import quickfix.fix44.MarketDataSnapshotFullRefresh;

/**
 * The simulator's market as FIX 4.4 market data: it answers a MarketDataRequest (V) for snapshot
 * plus updates with a MarketDataSnapshotFullRefresh (W) per symbol, then sends a
 * MarketDataIncrementalRefresh (X) whenever the top of its market moves (bid and offer entries)
 * and for every trade of its market (a trade entry). A snapshot-only request gets the snapshot;
 * an unsubscribe request (263=2) ends the subscription with that MDReqID. A request naming a
 * symbol it does not list, or reusing a live MDReqID, gets a MarketDataRequestReject (Y) naming
 * it, and nothing of that request is subscribed.
 * <p>
 * Top of book only (MarketDepth 1): the book published is the simulator's own market, the one its
 * matching fills resting orders against; the client's resting orders are not shown in it.
 * <p>
 * {@link #pause(boolean)} stops publishing (requests are still answered, with the book as it was),
 * as a venue whose market data stalls would: tests and demos of a stale feed use it.
 * <p>
 * Threading: every method is {@code synchronized}: QuickFIX/J's session thread (requests, logout)
 * and the simulator's market thread (book changes) both call in.
 */
final class SimMarketData
{
    private static final Logger LOG = LoggerFactory.getLogger(SimMarketData.class);

    private final Set<String> listed;
    private final SimulatedExchange.Outbound outbound;
    /** Top of book per symbol; absent until the market first quoted it. */
    private final Map<String, long[]> tops = new HashMap<>();
    /** Live subscriptions: session, then MDReqID, then its symbols. */
    private final Map<SessionID, Map<String, List<String>>> subscriptions = new LinkedHashMap<>();
    private boolean paused;

    /**
     * @param listed   the symbols the simulator lists.
     * @param outbound where messages go.
     */
    SimMarketData(final Set<String> listed, final SimulatedExchange.Outbound outbound)
    {
        this.listed = listed;
        this.outbound = outbound;
    }

    /**
     * A MarketDataRequest from a session.
     */
    synchronized void onRequest(final MarketDataRequest request, final SessionID session) throws FieldNotFound
    {
        final String id = request.getMDReqID().getValue();
        final char type = request.getSubscriptionRequestType().getValue();
        final Map<String, List<String>> live = subscriptions.computeIfAbsent(session, s -> new LinkedHashMap<>());
        if (type == SubscriptionRequestType.DISABLE_PREVIOUS_SNAPSHOT_UPDATE_REQUEST)
        {
            if (live.remove(id) == null)
            {
                reject(session, id, MDReqRejReason.UNKNOWN_SYMBOL, "no live subscription has MDReqID " + id);
            }
            return;
        }
        final List<String> symbols = new ArrayList<>();
        for (final Group group : request.getGroups(NoRelatedSym.FIELD))
        {
            final String symbol = group.isSetField(Symbol.FIELD) ? group.getString(Symbol.FIELD) : "";
            if (!listed.contains(symbol))
            {
                LOG.warn("fix-sim: MarketDataRequest 262={} refused: unknown symbol 55={}", id, symbol);
                reject(session, id, MDReqRejReason.UNKNOWN_SYMBOL, "unknown symbol " + symbol + "; listed: " + listed);
                return;
            }
            symbols.add(symbol);
        }
        if (symbols.isEmpty())
        {
            reject(session, id, MDReqRejReason.UNKNOWN_SYMBOL, "the request names no symbol (146=NoRelatedSym)");
            return;
        }
        if (type == SubscriptionRequestType.SNAPSHOT_UPDATES && live.containsKey(id))
        {
            reject(session, id, MDReqRejReason.DUPLICATE_MDREQID, "MDReqID " + id + " is already subscribed");
            return;
        }
        if (type != SubscriptionRequestType.SNAPSHOT && type != SubscriptionRequestType.SNAPSHOT_UPDATES)
        {
            reject(session, id, MDReqRejReason.UNSUPPORTED_SUBSCRIPTIONREQUESTTYPE,
                "263=SubscriptionRequestType " + type + " is not supported; use 0, 1 or 2");
            return;
        }
        for (final String symbol : symbols)
        {
            outbound.send(snapshot(id, symbol), session);
        }
        if (type == SubscriptionRequestType.SNAPSHOT_UPDATES)
        {
            live.put(id, symbols);
            LOG.info("fix-sim: {} subscribed to market data for {} (262={})", session, symbols, id);
        }
    }

    /**
     * The session logged out or dropped: its subscriptions end with it.
     */
    synchronized void onLogout(final SessionID session)
    {
        subscriptions.remove(session);
    }

    /**
     * The market's top of book for a symbol changed (fixed point; a price of 0 means no such side).
     */
    synchronized void quote(final String symbol, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        long[] top = tops.get(symbol);
        final boolean first = top == null;
        if (first)
        {
            top = new long[4];
            tops.put(symbol, top);
        }
        final long[] before = top.clone();
        top[0] = bidPrice;
        top[1] = bidQuantity;
        top[2] = askPrice;
        top[3] = askQuantity;
        if (paused || java.util.Arrays.equals(before, top) && !first)
        {
            return;
        }
        publish(symbol, update ->
        {
            side(update, symbol, MDEntryType.BID, before[0], bidPrice, bidQuantity);
            side(update, symbol, MDEntryType.OFFER, before[2], askPrice, askQuantity);
        });
    }

    /**
     * The market traded a symbol (fixed point).
     */
    synchronized void trade(final String symbol, final long price, final long quantity)
    {
        if (paused)
        {
            return;
        }
        publish(symbol, update ->
        {
            final MarketDataIncrementalRefresh.NoMDEntries entry = new MarketDataIncrementalRefresh.NoMDEntries();
            entry.set(new MDUpdateAction(MDUpdateAction.NEW));
            entry.set(new MDEntryType(MDEntryType.TRADE));
            entry.set(new Symbol(symbol));
            entry.set(new MDEntryPx(FixedPoint.toDouble(price)));
            entry.set(new MDEntrySize(FixedPoint.toDouble(quantity)));
            update.addGroup(entry);
        });
    }

    /**
     * @param pause true to stop publishing updates (the book still moves), false to resume.
     */
    synchronized void pause(final boolean pause)
    {
        paused = pause;
        LOG.info("fix-sim: market data {}", pause ? "paused" : "resumed");
    }

    /**
     * @return live subscriptions over all sessions.
     */
    synchronized int subscriptionCount()
    {
        int count = 0;
        for (final Map<String, List<String>> live : subscriptions.values())
        {
            count += live.size();
        }
        return count;
    }

    /**
     * Sends one MarketDataIncrementalRefresh, filled by {@code entries}, to every subscription of the symbol.
     */
    private void publish(final String symbol, final Consumer<MarketDataIncrementalRefresh> entries)
    {
        for (final Map.Entry<SessionID, Map<String, List<String>>> session : subscriptions.entrySet())
        {
            for (final Map.Entry<String, List<String>> subscription : session.getValue().entrySet())
            {
                if (subscription.getValue().contains(symbol))
                {
                    final MarketDataIncrementalRefresh update = new MarketDataIncrementalRefresh();
                    update.set(new MDReqID(subscription.getKey()));
                    entries.accept(update);
                    outbound.send(update, session.getKey());
                }
            }
        }
    }

    private static void side(final MarketDataIncrementalRefresh update, final String symbol, final char type,
        final long priceBefore, final long price, final long quantity)
    {
        final MarketDataIncrementalRefresh.NoMDEntries entry = new MarketDataIncrementalRefresh.NoMDEntries();
        if (price <= 0)
        {
            if (priceBefore <= 0)
            {
                return;
            }
            entry.set(new MDUpdateAction(MDUpdateAction.DELETE));
            entry.set(new MDEntryType(type));
            entry.set(new Symbol(symbol));
        }
        else
        {
            entry.set(new MDUpdateAction(priceBefore <= 0 ? MDUpdateAction.NEW : MDUpdateAction.CHANGE));
            entry.set(new MDEntryType(type));
            entry.set(new Symbol(symbol));
            entry.set(new MDEntryPx(FixedPoint.toDouble(price)));
            entry.set(new MDEntrySize(FixedPoint.toDouble(quantity)));
        }
        update.addGroup(entry);
    }

    private MarketDataSnapshotFullRefresh snapshot(final String id, final String symbol)
    {
        final MarketDataSnapshotFullRefresh snapshot = new MarketDataSnapshotFullRefresh();
        snapshot.set(new MDReqID(id));
        snapshot.set(new Symbol(symbol));
        final long[] top = tops.get(symbol);
        if (top != null)
        {
            entry(snapshot, MDEntryType.BID, top[0], top[1]);
            entry(snapshot, MDEntryType.OFFER, top[2], top[3]);
        }
        if (snapshot.getGroupCount(quickfix.field.NoMDEntries.FIELD) == 0)
        {
            // NoMDEntries is required: an empty book says so with a count of 0.
            snapshot.setInt(quickfix.field.NoMDEntries.FIELD, 0);
        }
        return snapshot;
    }

    private static void entry(final MarketDataSnapshotFullRefresh snapshot, final char type, final long price,
        final long quantity)
    {
        if (price <= 0)
        {
            return;
        }
        final MarketDataSnapshotFullRefresh.NoMDEntries entry = new MarketDataSnapshotFullRefresh.NoMDEntries();
        entry.set(new MDEntryType(type));
        entry.set(new MDEntryPx(FixedPoint.toDouble(price)));
        entry.set(new MDEntrySize(FixedPoint.toDouble(quantity)));
        snapshot.addGroup(entry);
    }

    private void reject(final SessionID session, final String id, final char reason, final String text)
    {
        final MarketDataRequestReject reject = new MarketDataRequestReject(new MDReqID(id));
        reject.set(new MDReqRejReason(reason));
        reject.set(new Text(text));
        outbound.send(reject, session);
    }
}
