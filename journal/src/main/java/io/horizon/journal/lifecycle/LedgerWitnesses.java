package io.horizon.journal.lifecycle;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.sqlite.SqliteFile;

/**
 * Cross-checks the unsigned {@link LifecycleLedger} with the audit log: a ledger line counts only
 * when the audit log holds the {@link CycleAuditEvent} the lifecycle wrote for it (same queue,
 * file, cycle, SHA-256 and action). Whoever can write the state directory can add a ledger line
 * that passes a removed cycle off as archived or deleted; they cannot add the event to the
 * hash-chained, anchored audit log without {@code audit verify} failing. The daemon commits the
 * event before it removes the file, so every cycle it took out has both.
 * <p>
 * A ledger line whose cycle file is still in the journal is a run that stopped between the line
 * and the removal (the next run finishes it); it hides nothing and is not required to have its
 * event yet.
 * <p>
 * Immutable once read; any thread.
 */
public final class LedgerWitnesses
{
    private final List<CycleAuditEvent.Said> events;
    private final String source;

    private LedgerWitnesses(final List<CycleAuditEvent.Said> events, final String source)
    {
        this.events = events;
        this.source = source;
    }

    /**
     * @param stores the audit stores to read (the live one, and the archive retention moved old events to), nulls skipped.
     * @return their {@code journal.cycle_archived} and {@code journal.cycle_deleted} events.
     */
    public static LedgerWitnesses read(final AuditStore... stores)
    {
        final List<CycleAuditEvent.Said> events = new ArrayList<>();
        final StringBuilder names = new StringBuilder();
        final AuditQuery query = new AuditQuery(null, null, List.of(AuditCategory.JOURNAL_CYCLE_ARCHIVED.code(),
            AuditCategory.JOURNAL_CYCLE_DELETED.code()), null, null, Long.MAX_VALUE);
        for (final AuditStore store : stores)
        {
            if (store == null)
            {
                continue;
            }
            names.append(names.length() == 0 ? "" : " and ").append(store.name());
            store.forEach(query, e ->
            {
                final CycleAuditEvent.Said said = CycleAuditEvent.read(e);
                if (said != null)
                {
                    events.add(said);
                }
            });
        }
        return new LedgerWitnesses(List.copyOf(events), names.toString());
    }

    /**
     * Reads the state directory's SQLite audit log ({@code audit.db}, and {@code audit_archive.db}
     * when present).
     *
     * @param stateDirectory the state directory.
     * @return its witnesses.
     * @throws JournalException when there is no audit.db to check the ledger against.
     */
    public static LedgerWitnesses ofState(final Path stateDirectory)
    {
        final Path live = stateDirectory.resolve(AuditStore.FILE_NAME);
        if (!Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS))
        {
            throw new JournalException(LifecycleLedger.file(stateDirectory) + " says the journal lifecycle took cycles out, but " +
                "there is no " + live + " to check it against (each cycle taken out is a journal.cycle_archived or " +
                "journal.cycle_deleted audit event). Restore audit.db from the same backup as the journal");
        }
        final Path archived = stateDirectory.resolve(AuditStore.ARCHIVE_FILE_NAME);
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ);
             AuditStore archive = Files.isRegularFile(archived, LinkOption.NOFOLLOW_LINKS) ?
                 AuditStore.openExisting(archived, SqliteFile.Access.READ) : null)
        {
            return read(store, archive);
        }
    }

    /**
     * @return where the events were read, for messages.
     */
    public String source()
    {
        return source;
    }

    /**
     * @param entry a ledger line.
     * @return true when the audit log holds its event.
     */
    public boolean vouchFor(final LedgerEntry entry)
    {
        for (final CycleAuditEvent.Said said : events)
        {
            if (said.vouchesFor(entry))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses the ledger unless every line whose cycle is gone from the journal has its audit event.
     *
     * @param stateDirectory the state directory.
     * @throws JournalException naming the first line without one.
     */
    public void requireEveryLine(final Path stateDirectory)
    {
        final List<String> unvouched = unvouchedLines(stateDirectory);
        if (!unvouched.isEmpty())
        {
            throw new JournalException(unvouched.get(0) + ". Restore the journal, its ledger and the audit log from one " +
                "backup, and run horizon audit verify");
        }
    }

    /**
     * Both directions: every ledger line whose cycle is gone has its audit event, and every audit
     * event has its ledger line.
     *
     * @param stateDirectory the state directory.
     * @return one sentence per line or event without its counterpart; empty when they agree.
     */
    public List<String> problems(final Path stateDirectory)
    {
        final List<String> problems = new ArrayList<>(unvouchedLines(stateDirectory));
        final List<LifecycleLedger.Line> lines = LifecycleLedger.lines(stateDirectory);
        for (final CycleAuditEvent.Said said : events)
        {
            boolean found = false;
            for (final LifecycleLedger.Line line : lines)
            {
                found |= said.vouchesFor(line.entry());
            }
            if (!found)
            {
                problems.add(said.describe() + " has no line in " + LifecycleLedger.file(stateDirectory) +
                    (Files.exists(LifecycleLedger.file(stateDirectory), LinkOption.NOFOLLOW_LINKS) ? "" : " (the file is missing)") +
                    ": the ledger lost the line that accounts for that cycle (restore the ledger from backup)");
            }
        }
        return problems;
    }

    /**
     * @param stateDirectory the state directory.
     * @return lines checked (those whose cycle is gone from the journal).
     */
    public long linesChecked(final Path stateDirectory)
    {
        return LifecycleLedger.lines(stateDirectory).stream().filter(l -> gone(stateDirectory, l.entry())).count();
    }

    /**
     * @return events read.
     */
    public int events()
    {
        return events.size();
    }

    private List<String> unvouchedLines(final Path stateDirectory)
    {
        final List<String> unvouched = new ArrayList<>();
        for (final LifecycleLedger.Line line : LifecycleLedger.lines(stateDirectory))
        {
            final LedgerEntry e = line.entry();
            if (gone(stateDirectory, e) && !vouchFor(e))
            {
                unvouched.add(line.where(stateDirectory) + " (" + e.action() + " of the " + e.queue() + " cycle " + e.file() +
                    ", records " + e.firstRecord() + " to " + (e.endRecord() - 1) + ", sha256 " + e.sha256() + ") has no " +
                    "matching journal.cycle_" + (e.destination() != null ? "archived" : "deleted") + " event in the audit log (" +
                    source + "): the journal lifecycle did not write it, so it is not trusted to account for the missing cycle");
            }
        }
        return unvouched;
    }

    /**
     * @return true unless the line's cycle is still in its queue (the same rule as {@link ArchivedPrefix}:
     *         a cycle at or after the queue's first file is still there).
     */
    private static boolean gone(final Path stateDirectory, final LedgerEntry entry)
    {
        if (!JournalDirectory.INBOUND.equals(entry.queue()) && !JournalDirectory.OUTBOUND.equals(entry.queue()))
        {
            return true;
        }
        final List<CycleFile> present = CycleFile.list(stateDirectory.resolve(JournalDirectory.JOURNAL).resolve(entry.queue()));
        return present.isEmpty() || entry.cycle() < present.get(0).cycle();
    }
}
