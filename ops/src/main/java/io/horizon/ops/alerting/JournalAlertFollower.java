package io.horizon.ops.alerting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalReader;
import io.horizon.journal.flush.CauseLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the outbound journal on its own thread and raises an alert for each output an operator
 * must hear about ({@link OutputAlerts}: kill switch, watchdog halts, feed health, dead letters).
 * <p>
 * Why the journal, and not the audit log or the engine's report listeners:
 * <ul>
 *   <li>Alerts must not depend on {@code audit.db}: a locked, full or read-only audit store is
 *       itself something to alert on, and the audit flusher waits such faults out, so alerts taken
 *       from the audit log (or from the flusher's path to SQLite) would stall exactly when they are
 *       needed. The journal is written before anything takes effect and is the one source every
 *       other follower reads too.</li>
 *   <li>Engine threads never alert. A listener on the venue gateway would run alert code on a
 *       pipeline thread; here the engine pays nothing, and a slow sink, a full queue or a bug in
 *       this class cannot slow or stop trading.</li>
 *   <li>Only what was journaled is alerted, so an alert always has a journal record behind it that
 *       {@code horizon replay} shows ({@code journal_sequence} in the alert).</li>
 * </ul>
 * It keeps how far it has alerted in {@code STATE/alerts.position} ({@link AlertFollowerPosition},
 * written at most once a second and at the end). A restart resumes from there, so the outputs a
 * crash left journaled but not alerted are alerted now, if they are under
 * {@value #CATCH_UP_MINUTES} minutes old, by the wall clock live and by the engine's time on
 * recorded data ({@link AlertTime}; older ones are counted and logged, not paged: news from
 * a stopped host's last day helps nobody at 3 a.m.); what earlier runs alerted is not alerted
 * again. Without that file (a first start, or a restored backup) it starts at the journal's end.
 * <p>
 * Reads every {@value #IDLE_MILLIS} ms when idle; between reads it lets the {@link AlertThrottle}
 * release alerts it held back. A journal it cannot read stops it with a critical alert (the other
 * followers stop on the same record and name it).
 * <p>
 * Threading: {@link #start} and {@link #close} from the owner; the reader, the mapping and the
 * cause lookup belong to the follower thread {@value #THREAD_NAME}.
 */
public final class JournalAlertFollower implements AutoCloseable
{
    /** Name of the follower thread. */
    public static final String THREAD_NAME = "horizon-alert-follower";
    /** Pause when the journal has nothing new. */
    public static final long IDLE_MILLIS = 100;
    /** Where in the state directory it keeps how far it has alerted. */
    public static final String POSITION_FILE = AlertFollowerPosition.FILE_NAME;
    /** Outputs left unalerted by the last run are alerted at start when younger than this. */
    public static final long CATCH_UP_MINUTES = 15;

    private static final long POSITION_WRITE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(JournalAlertFollower.class);

    private final JournalReader reader;
    private final CauseLookup causes;
    private final OutputAlerts alerts;
    private final Runnable tick;
    private final AlertSink failures;
    private final long startRecord;
    private final long catchUpEnd;
    private final long catchUpFromNanos;
    private final AlertTime time;
    private final AlertFollowerPosition position;
    private final Thread thread;
    private final EngineOutput output = new EngineOutput();
    private volatile boolean stopping;
    private volatile long recordsRead;

    private JournalAlertFollower(
        final JournalReader reader,
        final CauseLookup causes,
        final OutputAlerts alerts,
        final Runnable tick,
        final AlertSink failures,
        final long startRecord,
        final long catchUpEnd,
        final AlertTime time,
        final AlertFollowerPosition position)
    {
        this.reader = reader;
        this.causes = causes;
        this.alerts = alerts;
        this.tick = tick;
        this.failures = failures;
        this.startRecord = startRecord;
        this.catchUpEnd = catchUpEnd;
        this.time = time;
        this.catchUpFromNanos = time.catchUpFromNanos(CATCH_UP_MINUTES);
        this.position = position;
        this.recordsRead = startRecord;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    /**
     * Positions where the last run stopped alerting (or at the journal's end) and starts following.
     *
     * @param stateDirectory the state directory.
     * @param alerts         decides and raises alerts.
     * @param tick           run between reads (the throttle's release of held alerts).
     * @param failures       where the follower's own failure is raised.
     * @return the running follower.
     * @throws io.horizon.journal.JournalException when the journal cannot be opened.
     */
    public static JournalAlertFollower start(
        final Path stateDirectory, final OutputAlerts alerts, final Runnable tick, final AlertSink failures)
    {
        return start(stateDirectory, alerts, tick, failures, AlertTime.wall());
    }

    /**
     * As {@link #start(Path, OutputAlerts, Runnable, AlertSink)}, on the given time: a recorded
     * run's catch-up judges the outputs left unalerted against the engine's time, and each output
     * read moves alerting's time to its own ({@link AlertTime}).
     *
     * @param time the wall clock live, the engine's time on recorded data.
     */
    public static JournalAlertFollower start(
        final Path stateDirectory, final OutputAlerts alerts, final Runnable tick, final AlertSink failures, final AlertTime time)
    {
        final AlertFollowerPosition position = new AlertFollowerPosition(stateDirectory);
        final long kept = position.read();
        final JournalReader reader = JournalReader.outbound(stateDirectory);
        final long end;
        final long from;
        try
        {
            end = reader.entryCount();
            // Beyond the end (a journal restored from an older backup): nothing to catch up.
            // Before the journal's first record (the lifecycle archived it): alerts that old are not caught up.
            from = kept >= 0 && kept < end ? Math.max(kept, reader.firstRecord()) : end;
            reader.seek(from);
        }
        catch (final RuntimeException ex)
        {
            reader.close();
            throw ex;
        }
        final JournalAlertFollower follower = new JournalAlertFollower(
            reader, new CauseLookup(stateDirectory), alerts, tick, failures, from, end, time, position);
        follower.thread.start();
        if (from < end)
        {
            LOG.warn("alerts follow the outbound journal from record {}: {} records the last run journaled were not " +
                "alerted yet (a crash?); alerting those under {} minutes old by the {}", from, end - from, CATCH_UP_MINUTES, time);
        }
        else
        {
            LOG.info("alerts follow the outbound journal from record {}", from);
        }
        return follower;
    }

    private void run()
    {
        reader.handOverToCurrentThread();
        final long oldestNanos = catchUpFromNanos;
        long tooOld = 0;
        long written = startRecord;
        long lastWrite = 0;
        try
        {
            while (true)
            {
                // Read the flag first: after a stop request, one more pass reads to the end.
                final boolean last = stopping;
                int read = 0;
                while (reader.nextOutput(output))
                {
                    time.reached(output.timestampNanos);
                    if (recordsRead >= catchUpEnd || output.timestampNanos >= oldestNanos)
                    {
                        alerts.onOutput(output, recordsRead, causes);
                    }
                    else
                    {
                        tooOld++;
                    }
                    recordsRead++;
                    read++;
                    if (recordsRead == catchUpEnd && tooOld > 0)
                    {
                        LOG.warn("{} outputs the last run left unalerted were over {} minutes old and were not alerted; " +
                            "horizon replay --type alert shows them", tooOld, CATCH_UP_MINUTES);
                    }
                }
                tick.run();
                final long now = System.nanoTime();
                if (recordsRead != written && (last || now - lastWrite >= POSITION_WRITE_NANOS))
                {
                    position.write(recordsRead);
                    written = recordsRead;
                    lastWrite = now;
                }
                if (last)
                {
                    return;
                }
                if (read == 0)
                {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("alert follower stopped at outbound record {}: {}", recordsRead, ex.getMessage());
            failures.send(Severity.CRITICAL, "Alerts from the journal stopped",
                "the alert follower cannot read outbound journal record " + recordsRead + " (" + ex.getMessage() +
                    "); kill switch, watchdog, feed and dead-letter alerts stop until Horizon restarts. " +
                    "Check the journal with `horizon replay --verify`",
                Map.of(AuditAlertBridge.RUNBOOK, AuditAlertBridge.RUNBOOKS + "horizon-down.md",
                    AuditAlertBridge.DEDUP_KEY, "horizon:alert-follower"));
        }
        finally
        {
            causes.close();
            reader.close();
        }
    }

    /**
     * @return outbound records read, counting from the start of the journal.
     */
    public long position()
    {
        return recordsRead;
    }

    /**
     * @return the record it started at: where the last run stopped alerting, or the journal's end.
     */
    public long startRecord()
    {
        return startRecord;
    }

    /**
     * Reads to the journal's end (call after the pipeline drained, so the last alerts go out), then
     * stops; waits at most {@code wait}. Idempotent.
     *
     * @param wait how long to wait.
     */
    public void close(final Duration wait)
    {
        stopping = true;
        LockSupport.unpark(thread);
        try
        {
            thread.join(Math.max(1, wait.toMillis()));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            LOG.warn("alert follower did not reach the journal's end within {} ms; the rest is not alerted", wait.toMillis());
        }
    }

    @Override
    public void close()
    {
        close(Duration.ofSeconds(5));
    }
}
