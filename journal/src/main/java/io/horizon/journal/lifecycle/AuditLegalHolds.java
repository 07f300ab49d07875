package io.horizon.journal.lifecycle;

import java.util.List;
import java.util.function.Supplier;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.retention.LegalHold;
import org.agrona.collections.LongArrayList;

/**
 * The journal records that legal holds keep, found in the audit log: every event a hold matches
 * ({@link LegalHold#holds}) whose {@code correlation_id} is {@code journal:N} keeps inbound record
 * {@code N}. The holds are read afresh on each call (a hold added to the holds file applies at the
 * next run, without a restart). With no hold, the audit log is not read.
 * <p>
 * Each call reads the whole audit log once; the lifecycle calls it at most once a run, and only
 * when a cycle has passed every other condition.
 * <p>
 * Threading: the lifecycle's thread; the store must be one this thread may use.
 */
public final class AuditLegalHolds implements LegalHoldRecords
{
    private static final String JOURNAL_PREFIX = "journal:";

    private final AuditStore store;
    private final Supplier<List<LegalHold>> holds;

    /**
     * @param store a reading connection to the audit log.
     * @param holds the holds now (read on each call).
     */
    public AuditLegalHolds(final AuditStore store, final Supplier<List<LegalHold>> holds)
    {
        this.store = store;
        this.holds = holds;
    }

    @Override
    public long[] heldInboundRecords()
    {
        final List<LegalHold> now = holds.get();
        final LongArrayList held = new LongArrayList();
        if (now.isEmpty())
        {
            return new long[0];
        }
        store.forEach(AuditQuery.ALL, event ->
        {
            final long record = journalRecord(event);
            if (record >= 0 && matches(now, event))
            {
                held.addLong(record);
            }
        });
        return held.toLongArray();
    }

    private static boolean matches(final List<LegalHold> holds, final AuditEvent event)
    {
        for (final LegalHold hold : holds)
        {
            if (hold.holds(event))
            {
                return true;
            }
        }
        return false;
    }

    private static long journalRecord(final AuditEvent event)
    {
        final String id = event.correlationId();
        if (id == null || !id.startsWith(JOURNAL_PREFIX))
        {
            return -1;
        }
        try
        {
            return Long.parseLong(id.substring(JOURNAL_PREFIX.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
