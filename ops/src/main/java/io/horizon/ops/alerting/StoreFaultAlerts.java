package io.horizon.ops.alerting;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.horizon.journal.flush.StoreAlerts;
import io.horizon.journal.sqlite.StoreFault;

/**
 * Raises the audit and dead-letter flushers' store faults as alerts, straight to the sinks: these
 * cannot go through the audit log, since it is what failed.
 * <pre>
 * storeFaulted     error     "Audit log flush failing" / "Dead-letter queue flush failing"
 * storeRecovered   info      "... writable again" (the resolution)
 * flusherStopped   critical  "... flusher stopped" (it needs a restart)
 * </pre>
 * The audit store's alerts point at {@code deploy/runbooks/audit-flush-lag.md}, the dead-letter
 * queue's at {@code deploy/runbooks/dlq.md}. Each store's alerts share the dedup key
 * {@code horizon:store:NAME}, so a store that keeps failing and recovering is held back by the
 * throttle like a flapping feed. The flushers raise one fault and one recovery per episode.
 * <p>
 * Threading: the flushers' threads; never blocks, never throws.
 */
public final class StoreFaultAlerts implements StoreAlerts
{
    /** Runbook of the audit store's alerts. */
    public static final String AUDIT_RUNBOOK = AuditAlertBridge.RUNBOOKS + "audit-flush-lag.md";
    /** Runbook of the dead-letter store's alerts. */
    public static final String DLQ_RUNBOOK = AuditAlertBridge.RUNBOOKS + "dlq.md";

    private final AlertSink sink;

    /**
     * @param sink where the alerts go.
     */
    public StoreFaultAlerts(final AlertSink sink)
    {
        this.sink = sink;
    }

    @Override
    public void storeFaulted(final String store, final String file, final StoreFault fault, final String detail)
    {
        final Map<String, String> extra = extra(store);
        extra.put("file", String.valueOf(file));
        extra.put("fault", fault == null ? "unknown" : fault.label());
        sink.send(Severity.ERROR, name(store) + " flush failing",
            name(store) + " " + file + " cannot be written (" + detail + "); the journal keeps " +
                "everything and the flusher retries with back-off; trading goes on", extra);
    }

    @Override
    public void storeRecovered(final String store, final String file, final long faultMillis, final long failedAttempts)
    {
        final Map<String, String> extra = extra(store);
        extra.put("file", String.valueOf(file));
        extra.put(AuditAlertBridge.RESOLVES, "true");
        sink.send(Severity.INFO, name(store) + " writable again",
            name(store) + " " + file + " took a commit again after " + faultMillis + " ms and " + failedAttempts +
                " failed attempts; catching up from the journal", extra);
    }

    @Override
    public void flusherStopped(final String store, final String detail)
    {
        sink.send(Severity.CRITICAL, name(store) + " flusher stopped",
            name(store) + " falls behind the journal until Horizon is restarted: " + detail, extra(store));
    }

    private static Map<String, String> extra(final String store)
    {
        final Map<String, String> extra = new LinkedHashMap<>();
        extra.put(AuditAlertBridge.RUNBOOK, "dlq".equals(store) ? DLQ_RUNBOOK : AUDIT_RUNBOOK);
        extra.put("store", String.valueOf(store));
        extra.put(AuditAlertBridge.DEDUP_KEY, "horizon:store:" + store);
        return extra;
    }

    private static String name(final String store)
    {
        return "dlq".equals(store) ? "Dead-letter queue" : "audit".equals(store) ? "Audit log" : "Store " + store;
    }
}
