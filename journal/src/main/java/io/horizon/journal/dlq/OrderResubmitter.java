package io.horizon.journal.dlq;

/**
 * Sends a dead-lettered command again through the engine's normal order path (order entry, then
 * pre-trade risk, then the venue), as if it were entered anew. The daemon provides one over its
 * pipeline; a CLI verb reaches it through the daemon's control channel.
 * <p>
 * A new order and an amend get a fresh client order id (the failed one stays with its history);
 * a cancel names the order it cancels. The outcome (ack, fill, reject) arrives later as execution
 * reports and lands in the audit log like any other.
 * <p>
 * Threading: implementations say; the pipeline's is safe from any thread.
 */
@FunctionalInterface
public interface OrderResubmitter
{
    /**
     * @param action what to send again; {@link DlqAction#whyNotRedrivable()} is null.
     * @return the client order id the engine will report the command under.
     * @throws RedriveRefusedException when nothing was published.
     */
    String resubmit(DlqAction action);
}
