package io.horizon.journal.support;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.engine.counter.EngineCounters;

/**
 * Test fixture: reads audit rows back for comparison, and flushes a journal into a fresh store
 * on the test thread, the reference every live flush must equal.
 */
public final class AuditRows
{
    /** Categories written by the daemon, not from the journal. */
    public static final Set<String> NOT_FROM_JOURNAL = Set.of("system.start", "system.stop");

    private AuditRows()
    {
    }

    public static List<AuditEvent> all(final Path db)
    {
        final List<AuditEvent> events = new ArrayList<>();
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            store.forEach(AuditQuery.ALL, events::add);
        }
        return events;
    }

    /**
     * @return every event from the journal as its content (no id, sequence or hashes), sorted, so
     *         two stores written from the same journal compare equal exactly when each journal
     *         entry became its events once.
     */
    public static List<String> content(final Path db)
    {
        return content(all(db));
    }

    /**
     * @return the events of a store of either backend as {@link #content(Path)} gives them.
     */
    public static List<String> content(final AuditStore store)
    {
        final List<AuditEvent> events = new ArrayList<>();
        store.forEach(AuditQuery.ALL, events::add);
        return content(events);
    }

    private static List<String> content(final List<AuditEvent> events)
    {
        final List<String> keys = new ArrayList<>();
        for (final AuditEvent e : events)
        {
            if (!NOT_FROM_JOURNAL.contains(e.category()))
            {
                keys.add(String.join("|", e.timestamp(), e.category(), e.severity(), e.actor(), String.valueOf(e.accountId()),
                    String.valueOf(e.venueName()), String.valueOf(e.correlationId()), String.valueOf(e.marketId()),
                    String.valueOf(e.orderId()), String.valueOf(e.clientOrderId()), e.message(), String.valueOf(e.payload())));
            }
        }
        keys.sort(null);
        return keys;
    }

    public static AuditMapping mapping(final ReferenceData referenceData)
    {
        return new AuditMapping(referenceData, "paper", List.of("market-maker"));
    }

    /**
     * Flushes the whole journal of a state directory into a new store at {@code db}, on this thread.
     */
    public static void flushFresh(final Path state, final Path db, final ReferenceData referenceData) throws SQLException
    {
        final AuditStore store = AuditStore.forFlusher(db);
        final AuditFlusher flusher = new AuditFlusher(state, store, mapping(referenceData),
            FlusherCounters.audit(new EngineCounters()));
        try
        {
            while (flusher.flushOnce(true))
            {
                // until caught up
            }
        }
        finally
        {
            flusher.close();
            store.close();
        }
    }
}
