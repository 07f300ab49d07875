package io.horizon.fix;

/**
 * Where a FIX venue reports each command it holds while its session is down
 * ({@link WhenDown#WAIT}), so it is journaled (the daemon publishes an {@code ORDER_HELD} control
 * event) before it goes out after the logon.
 * <p>
 * Threading: called on the venue's polling thread (the engine or gateway thread): must not block.
 */
@FunctionalInterface
public interface HeldOrderReports
{
    /** Reports nothing: held commands are only logged. */
    HeldOrderReports NONE = (orderId, reason) -> true;

    /**
     * @param orderId the order whose command is held.
     * @param reason  which session and which command.
     * @return true when published; false when it could not be now (the inbound ring is full): the
     *         venue asks again, and sends the command only once it is reported.
     */
    boolean held(long orderId, CharSequence reason);
}
