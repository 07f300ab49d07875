package io.horizon.engine.venue;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Turns each {@link VenueResponses} call into one inbound event: the one place that says which
 * event type and which fields a venue response becomes. Where the event comes from and where it
 * goes is the {@link EventSlots}' business: the gateway's backlog in front of the inbound ring, or
 * a queue in a benchmark baseline.
 * <p>
 * Every event is stamped with the clock's time and the venue's id, so the journal shows when the
 * response arrived and from where.
 * <p>
 * Threading: the thread the venue reports on (the gateway thread), like the slots it writes to.
 */
public final class VenueResponseEvents implements VenueResponses
{
    /**
     * Hands out the event a response is written into, and takes it back once written.
     * <p>
     * Threading: the responding thread only.
     */
    public interface EventSlots
    {
        /**
         * @return an event to overwrite completely with the response.
         */
        InboundEvent claim();

        /**
         * @param event the event from {@link #claim()}, now holding the response.
         */
        void commit(InboundEvent event);
    }

    private final EventSlots slots;
    private final EpochNanoClock clock;
    private int venueId;

    /**
     * @param slots   where the events are written.
     * @param clock   stamps each event.
     * @param venueId the responding venue, stamped as the event's source.
     */
    public VenueResponseEvents(final EventSlots slots, final EpochNanoClock clock, final int venueId)
    {
        this.slots = slots;
        this.clock = clock;
        this.venueId = venueId;
    }

    /**
     * Stamps the responses that follow with this venue id (a router's venue).
     */
    @Override
    public void respondingVenue(final int venueId)
    {
        this.venueId = venueId;
    }

    @Override
    public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
    {
        final InboundEvent e = claim(EventType.VENUE_ACK, orderId, accountId, instrumentId);
        e.venueOrderId = venueOrderId;
        slots.commit(e);
    }

    @Override
    public void reject(
        final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long reasonValue)
    {
        refusal(EventType.VENUE_REJECT, orderId, accountId, instrumentId, reason, reasonValue);
    }

    @Override
    public void fill(
        final long orderId,
        final int accountId,
        final int instrumentId,
        final long price,
        final long quantity,
        final long leavesQuantity)
    {
        execution(EventType.VENUE_FILL, orderId, accountId, instrumentId, price, quantity, leavesQuantity);
    }

    @Override
    public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
    {
        closing(EventType.VENUE_CANCEL_ACK, orderId, accountId, instrumentId, leavesQuantity);
    }

    @Override
    public void cancelRejected(
        final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long reasonValue)
    {
        refusal(EventType.VENUE_CANCEL_REJECT, orderId, accountId, instrumentId, reason, reasonValue);
    }

    @Override
    public void replaced(
        final long orderId,
        final int accountId,
        final int instrumentId,
        final long price,
        final long quantity,
        final long leavesQuantity)
    {
        execution(EventType.VENUE_REPLACE_ACK, orderId, accountId, instrumentId, price, quantity, leavesQuantity);
    }

    @Override
    public void replaceRejected(
        final long orderId, final int accountId, final int instrumentId, final RejectReason reason, final long reasonValue)
    {
        refusal(EventType.VENUE_REPLACE_REJECT, orderId, accountId, instrumentId, reason, reasonValue);
    }

    @Override
    public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
    {
        closing(EventType.VENUE_EXPIRED, orderId, accountId, instrumentId, leavesQuantity);
    }

    /**
     * A venue call that threw: the order is answered with {@link RejectReason#VENUE_EXCEPTION}
     * and the exception's class and message, which the dead-letter queue keeps.
     *
     * @param failure what the venue threw.
     */
    @Override
    public void venueError(final long orderId, final int accountId, final int instrumentId, final Throwable failure)
    {
        final InboundEvent e = claim(EventType.VENUE_ERROR, orderId, accountId, instrumentId);
        e.rejectReason = RejectReason.VENUE_EXCEPTION;
        failureText(e, failure);
        slots.commit(e);
    }

    /**
     * A command that could not be carried out: as {@link #venueError(long, int, int, Throwable)},
     * and the event names the command ({@link RefusedCommand} in {@code rejectValue}) and carries
     * its terms (side, type, price, quantity, client order ids), so the refusal is reported, and
     * dead-lettered, whatever became of the order meanwhile.
     */
    @Override
    public void venueError(final EngineOutput command, final Throwable failure)
    {
        final InboundEvent e = claim(EventType.VENUE_ERROR, command.orderId, command.accountId, command.instrumentId);
        e.rejectReason = RejectReason.VENUE_EXCEPTION;
        e.rejectValue = RefusedCommand.code(command.kind);
        e.side = command.side;
        e.orderType = command.orderType;
        e.price = command.price;
        e.quantity = command.quantity;
        e.clientOrderIdHi = command.clientOrderIdHi;
        e.clientOrderIdLo = command.clientOrderIdLo;
        e.origClientOrderIdHi = command.origClientOrderIdHi;
        e.origClientOrderIdLo = command.origClientOrderIdLo;
        failureText(e, failure);
        slots.commit(e);
    }

    private void refusal(
        final EventType type,
        final long orderId,
        final int accountId,
        final int instrumentId,
        final RejectReason reason,
        final long reasonValue)
    {
        final InboundEvent e = claim(type, orderId, accountId, instrumentId);
        e.rejectReason = reason;
        e.rejectValue = reasonValue;
        slots.commit(e);
    }

    private void execution(
        final EventType type,
        final long orderId,
        final int accountId,
        final int instrumentId,
        final long price,
        final long quantity,
        final long leavesQuantity)
    {
        final InboundEvent e = claim(type, orderId, accountId, instrumentId);
        e.price = price;
        e.quantity = quantity;
        e.leavesQuantity = leavesQuantity;
        slots.commit(e);
    }

    private void closing(
        final EventType type, final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
    {
        final InboundEvent e = claim(type, orderId, accountId, instrumentId);
        e.leavesQuantity = leavesQuantity;
        slots.commit(e);
    }

    private static void failureText(final InboundEvent e, final Throwable failure)
    {
        final String message = failure.getMessage();
        e.setText(failure.getClass().getName() + (message == null ? "" : ": " + message));
    }

    private InboundEvent claim(final EventType type, final long orderId, final int accountId, final int instrumentId)
    {
        return slots.claim().setVenueResponse(type, clock.nanoTime(), venueId, orderId, accountId, instrumentId);
    }
}
