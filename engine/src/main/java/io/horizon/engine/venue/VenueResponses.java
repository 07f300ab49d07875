package io.horizon.engine.venue;

import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;

/**
 * Where a venue reports what happened to orders. Each call becomes one inbound event, which is
 * journaled and then processed by the business-logic processor. Responses are never dropped:
 * when the ring is full they wait, in order, in the gateway's backlog.
 * <p>
 * Quantities are {@link io.horizon.engine.event.FixedPoint}; {@code quantity} in
 * {@link #replaced} is the new total order quantity, and {@code leavesQuantity} is always the
 * quantity still open after the response.
 * <p>
 * Threading: the implementation the gateway passes to {@link Venue} calls is for the gateway
 * thread only.
 */
public interface VenueResponses
{
    void ack(long orderId, int accountId, int instrumentId, long venueOrderId);

    void reject(long orderId, int accountId, int instrumentId, RejectReason reason, long reasonValue);

    void fill(long orderId, int accountId, int instrumentId, long price, long quantity, long leavesQuantity);

    void canceled(long orderId, int accountId, int instrumentId, long leavesQuantity);

    void cancelRejected(long orderId, int accountId, int instrumentId, RejectReason reason, long reasonValue);

    void replaced(long orderId, int accountId, int instrumentId, long price, long quantity, long leavesQuantity);

    void replaceRejected(long orderId, int accountId, int instrumentId, RejectReason reason, long reasonValue);

    void expired(long orderId, int accountId, int instrumentId, long leavesQuantity);

    /**
     * A command the venue took earlier could not be carried out after all (a FIX venue held an
     * order for a session that stayed down past its limit, or queued it behind back-pressure and
     * then found the session down): reported as the gateway reports a
     * venue call that raised, a {@code VENUE_ERROR} whose text (the failure's class and message)
     * the dead-letter queue keeps.
     * <p>
     * The gateway's responses report it; responses that cannot (a test's, a replay's) refuse it.
     *
     * @param failure why, the reason first (the dead-letter queue shows the first 80 characters).
     * @throws UnsupportedOperationException from responses that cannot report it.
     */
    default void venueError(final long orderId, final int accountId, final int instrumentId, final Throwable failure)
    {
        throw new UnsupportedOperationException("these responses cannot report a venue error for order " + orderId +
            ": " + failure.getMessage());
    }

    /**
     * As {@link #venueError(long, int, int, Throwable)}, for the command that could not be carried
     * out, named in the event ({@link RefusedCommand}) with its terms: the engine reports the
     * refusal of that command even when its order has moved on meanwhile (filled, cancelled or
     * answered while the command was held), so the dead-letter queue keeps every refused command.
     * Every venue error about a command the engine sent should come through here.
     * <p>
     * Responses that do not override it report {@link #venueError(long, int, int, Throwable)}.
     *
     * @param command the engine's command ({@code VENUE_NEW}, {@code VENUE_CANCEL} or {@code VENUE_AMEND}).
     * @param failure why, the reason first.
     */
    default void venueError(final EngineOutput command, final Throwable failure)
    {
        venueError(command.orderId, command.accountId, command.instrumentId, failure);
    }

    /**
     * Says which venue the responses that follow come from: its venue id, the position in the
     * venue slot counted from 1 (the preset's {@code [[venues]]} order). Responses are stamped
     * with it until the next call. A {@link VenueRouter} calls it before each call into one of its
     * venues, so a venue error raised there is stamped with that venue too; a single venue never
     * needs to (its responses carry the slot's venue id).
     *
     * @param venueId the responding venue's id, 1 or more.
     */
    default void respondingVenue(final int venueId)
    {
    }
}
