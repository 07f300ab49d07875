package io.horizon.ops.control;

import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.RedriveRefusedException;

/**
 * How the control desk sends a dead letter again for {@code horizon dlq redrive}: the daemon
 * passes one in (its audit log and dead-letter queue, over the pipeline's order entry), so the
 * desk itself knows no store. Publishing the order, bumping {@code retry_count} once and auditing
 * {@code dlq.redriven} are the implementation's job, all in the daemon.
 * <p>
 * Threading: called on the desk's thread, one request at a time.
 */
@FunctionalInterface
public interface DeadLetterRedrive
{
    /**
     * @param dlqId the entry, already checked to look like {@code dlq_} and 16 hex digits.
     * @param actor who asked, {@code user:<owner of the request file>}.
     * @return the entry as it now stands, its retry count bumped and the client order id it was
     *         sent under in {@link DlqEntry#lastRedriveClientOrderId()}.
     * @throws IllegalArgumentException when the entry is unknown, dismissed or holds nothing to
     *                                  send again; nothing was sent.
     * @throws RedriveRefusedException  when the engine did not take it (ring full, names the
     *                                  running configuration does not know); nothing was sent.
     * @throws RuntimeException         anything else: it failed part-way and may have been sent.
     */
    DlqEntry redrive(String dlqId, String actor);
}
