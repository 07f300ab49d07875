package io.horizon.engine.venue;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;

/**
 * A trading venue as the venue gateway sees it: the extension point that the paper venue, and
 * later FIX or exchange adapters, fill.
 * <p>
 * Threading: every method is called on the venue-gateway thread only, in inbound-ring order, and
 * only for commands whose cause has been journaled. Responses go to the given
 * {@link VenueResponses}, either during the call (a simulated venue) or later from the
 * adapter's own thread (a real venue; then use the thread-safe sink the gateway provides).
 * A method that throws is turned into a {@code VENUE_ERROR} event for that order; it never stops
 * the gateway.
 */
public interface Venue
{
    /**
     * @return a short name for logs, metrics and audit ({@code "paper"}).
     */
    String name();

    /**
     * A quote or trade, in ring order, so a simulated venue can match resting orders against it.
     * Real venues ignore it.
     *
     * @param marketData a {@code QUOTE} or {@code TRADE} event; read-only, do not keep it.
     * @param responses  where fills caused by this market data go.
     */
    void onMarketData(InboundEvent marketData, VenueResponses responses);

    /**
     * Sends a new order. Fields used: orderId, accountId, instrumentId, side, orderType, price,
     * quantity, clientOrderId*.
     *
     * @param order     the command; read-only, do not keep it.
     * @param responses where the ack/reject/fills go.
     */
    void submit(EngineOutput order, VenueResponses responses);

    /**
     * Cancels an order by its orderId.
     *
     * @param cancel    the command; read-only, do not keep it.
     * @param responses where the cancel ack or reject goes.
     */
    void cancel(EngineOutput cancel, VenueResponses responses);

    /**
     * Amends an order by its orderId to the new {@code price} and new total {@code quantity}.
     *
     * @param amend     the command; read-only, do not keep it.
     * @param responses where the replace ack or reject (and any fills it causes) go.
     */
    void amend(EngineOutput amend, VenueResponses responses);

    /**
     * After recovery, once per order the BLP holds live, with its current (not pending) terms:
     * price, total quantity, cumulative quantity, leaves and state. A simulated venue restores
     * the order to its book without responding; a real venue adapter checks the order's status
     * and reports any difference as ordinary responses. Orders still pending at the crash are
     * followed by their command again (submit, cancel or amend), which a real adapter must
     * treat idempotently by client order id.
     *
     * @param order     the order's view; read-only, do not keep it.
     * @param responses where any correction goes.
     */
    default void reconcile(final EngineOutput order, final VenueResponses responses)
    {
    }

    /**
     * Does the venue's own work on the thread that calls every other method: a session-based
     * venue (FIX) reads what arrived from the wire and reports it to {@code responses}, sends
     * what is due (heartbeats, a logon after its back-off). The shared threading mode calls it
     * every duty cycle of the engine thread, the dedicated mode from the gateway thread; only
     * while the gateway is live. It must never block. A simulated venue does nothing.
     *
     * @param responses where anything that arrived goes.
     * @return how much work was done (0 lets the caller idle).
     */
    default int poll(final VenueResponses responses)
    {
        return 0;
    }

    /**
     * @return true when this venue needs {@link #poll} called even when no event arrives.
     */
    default boolean isPolled()
    {
        return false;
    }

    /**
     * @return the part of this venue whose state a snapshot carries and a replay of the journal
     *         brings forward ({@link ReplayableVenue}), or {@code null} when it keeps none (a real
     *         venue: its book is at the exchange, checked by the recovery RECONCILE step). Asked
     *         once, when the pipeline is built.
     */
    default ReplayableVenue replayable()
    {
        return null;
    }

    /**
     * Ends the venue's session and releases what it holds (sockets, files, threads). Called once,
     * after the pipeline has stopped; any thread. A simulated venue does nothing.
     */
    default void close()
    {
    }
}
