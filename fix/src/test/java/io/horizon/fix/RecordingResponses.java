package io.horizon.fix;

import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.venue.VenueResponses;

/**
 * Venue responses as text lines, in arrival order, for assertions.
 */
final class RecordingResponses implements VenueResponses
{
    final List<String> lines = new ArrayList<>();

    @Override
    public void ack(final long orderId, final int accountId, final int instrumentId, final long venueOrderId)
    {
        lines.add("ack " + orderId);
    }

    @Override
    public void reject(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
        final long reasonValue)
    {
        lines.add("reject " + orderId + " " + reason + " " + reasonValue);
    }

    @Override
    public void fill(final long orderId, final int accountId, final int instrumentId, final long price, final long quantity,
        final long leavesQuantity)
    {
        lines.add("fill " + orderId + " " + FixedPoint.format(quantity) + "@" + FixedPoint.format(price) + " leaves " +
            FixedPoint.format(leavesQuantity));
    }

    @Override
    public void canceled(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
    {
        lines.add("canceled " + orderId + " leaves " + FixedPoint.format(leavesQuantity));
    }

    @Override
    public void cancelRejected(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
        final long reasonValue)
    {
        lines.add("cancelRejected " + orderId + " " + reason);
    }

    @Override
    public void replaced(final long orderId, final int accountId, final int instrumentId, final long price,
        final long quantity, final long leavesQuantity)
    {
        lines.add("replaced " + orderId + " " + FixedPoint.format(quantity) + "@" + FixedPoint.format(price) + " leaves " +
            FixedPoint.format(leavesQuantity));
    }

    @Override
    public void replaceRejected(final long orderId, final int accountId, final int instrumentId, final RejectReason reason,
        final long reasonValue)
    {
        lines.add("replaceRejected " + orderId + " " + reason);
    }

    @Override
    public void venueError(final long orderId, final int accountId, final int instrumentId, final Throwable failure)
    {
        lines.add("venueError " + orderId + " " + failure.getMessage());
    }

    @Override
    public void expired(final long orderId, final int accountId, final int instrumentId, final long leavesQuantity)
    {
        lines.add("expired " + orderId + " leaves " + FixedPoint.format(leavesQuantity));
    }
}
