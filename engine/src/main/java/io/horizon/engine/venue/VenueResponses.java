package io.horizon.engine.venue;

import io.horizon.engine.event.RejectReason;

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

    /**
     * A command the venue accepted to send later (its session was back-pressured) and then could
     * not send at all (the session went down meanwhile): answered as if the call had thrown
     * {@code failure}, with {@link RejectReason#VENUE_EXCEPTION} and the failure's message, which
     * the dead-letter queue keeps. The gateway's responses implement it; the default, for
     * responses that are thrown away or recorded, fails loudly rather than lose the answer.
     *
     * @param failure why the command could not be sent.
     */
    default void venueError(final long orderId, final int accountId, final int instrumentId, final Throwable failure)
    {
        throw new IllegalStateException("venue error for order " + orderId + " cannot be reported here: " +
            failure.getMessage(), failure);
    }
}
