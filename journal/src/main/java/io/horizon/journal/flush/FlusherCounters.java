package io.horizon.journal.flush;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters one flusher publishes, in the engine's counters buffers (so {@code horizon stat}
 * and the metrics exporter see them with everything else):
 * <ul>
 *   <li>{@code written}: rows committed (for the audit log, {@code horizon_audit_events_total});</li>
 *   <li>{@code lag}: a gauge, journal records not yet committed to the store;</li>
 *   <li>{@code faults}: failed commits (locked, read-only, disk full, ...), each retried.</li>
 * </ul>
 * Threading: allocate on the owner thread while setting up; afterwards the flusher thread is the
 * only writer and any thread may read.
 */
public final class FlusherCounters
{
    /** Rows committed. */
    public final AtomicCounter written;
    /** Journal records behind (gauge). */
    public final AtomicCounter lag;
    /** Failed commits. */
    public final AtomicCounter faults;

    /**
     * The audit log's lag behind the journal, in records: the one name the exporter, {@code /ready},
     * the alert rules and the dashboard use for it.
     */
    public static final String AUDIT_LAG_RECORDS = "horizon_audit_flush_lag_records";

    private FlusherCounters(final AtomicCounter written, final AtomicCounter lag, final AtomicCounter faults)
    {
        this.written = written;
        this.lag = lag;
        this.faults = faults;
    }

    /**
     * The audit flusher's counters: {@code horizon_audit_events_total},
     * {@code horizon_audit_flush_lag_records}, {@code horizon_audit_flush_faults_total}.
     *
     * @param counters where to allocate them.
     * @return the counters.
     */
    public static FlusherCounters audit(final EngineCounters counters)
    {
        return new FlusherCounters(
            counters.newCounter("horizon_audit_events_total", EngineCounters.TYPE_PLAIN),
            counters.newCounter(AUDIT_LAG_RECORDS, EngineCounters.TYPE_GAUGE),
            counters.newCounter("horizon_audit_flush_faults_total", EngineCounters.TYPE_PLAIN));
    }

    /**
     * The dead-letter flusher's counters: {@code horizon_dlq_captured_total},
     * {@code horizon_dlq_flush_lag_records}, {@code horizon_dlq_flush_faults_total}.
     *
     * @param counters where to allocate them.
     * @return the counters.
     */
    public static FlusherCounters deadLetters(final EngineCounters counters)
    {
        return new FlusherCounters(
            counters.newCounter("horizon_dlq_captured_total", EngineCounters.TYPE_PLAIN),
            counters.newCounter("horizon_dlq_flush_lag_records", EngineCounters.TYPE_GAUGE),
            counters.newCounter("horizon_dlq_flush_faults_total", EngineCounters.TYPE_PLAIN));
    }
}
