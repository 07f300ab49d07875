package io.horizon.ops.alerting;

import java.util.Map;

/**
 * Where alerts go: a log, a chat webhook, a pager, or several of these.
 * <p>
 * {@link #send} never throws and never blocks on the network: a sink that talks HTTP queues the
 * alert for its own sender thread and counts what it could not deliver. So any thread may alert,
 * including one that is handling a failure, without making it worse.
 * <p>
 * Threading: any thread.
 */
@FunctionalInterface
public interface AlertSink
{
    /**
     * @param severity how urgent; a sink below its minimum ignores the alert.
     * @param title    one line, e.g. {@code Kill switch engaged}.
     * @param message  what happened and what to do first.
     * @param extra    details as name and value, e.g. {@code runbook}, {@code account}; may be empty.
     */
    void send(Severity severity, String title, String message, Map<String, String> extra);
}
