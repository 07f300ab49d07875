package io.horizon.fix;

/**
 * Where a FIX venue hands each inbound message it refused (an unknown ClOrdID, an overfill, a
 * duplicate ExecID, a value it cannot read), with the raw message, so it is kept outside the log
 * (the daemon records it in the audit log and raises an alert).
 * <p>
 * Threading: called on the venue's polling thread (the engine or gateway thread): it must not
 * block or do I/O there; hand the message to another thread.
 */
@FunctionalInterface
public interface RefusedMessageSink
{
    /** A sink that keeps nothing (the log line stands alone). */
    RefusedMessageSink NONE = (venue, session, messageType, tag, value, reason, rawMessage) ->
    {
    };

    /**
     * @param venue       the venue's name.
     * @param session     the session as logs name it.
     * @param messageType what it was, e.g. {@code ExecutionReport}.
     * @param tag         the offending tag, e.g. {@code 11=ClOrdID}.
     * @param value       the offending value.
     * @param reason      why it was refused and what was done.
     * @param rawMessage  the message as received, fields separated by {@code |} instead of SOH.
     */
    void refused(String venue, String session, String messageType, String tag, String value, String reason,
        String rawMessage);
}
