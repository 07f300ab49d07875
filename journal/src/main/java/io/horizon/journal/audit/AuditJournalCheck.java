package io.horizon.journal.audit;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalReader;
import io.horizon.journal.flush.CauseLookup;
import io.horizon.journal.flush.JournalPosition;

/**
 * Recomputes the audit rows the journal must have produced and compares them, in order, with the
 * rows the store holds: the audit log is derived from the journal exactly once
 * ({@link AuditFlusher}, {@link AuditMapping}), so every row of a journal-derived category must be
 * the next event the journal gives, field for field (all but the event id and the chain columns,
 * which the store makes). "Next" holds per stream: the events of inputs keep input order and
 * those of outputs keep output order, but the flusher interleaves the two as the live journal let
 * it, so either stream's next event may come first. The first difference is named: a row edited
 * (its fields differ), a row deleted (the journal's next event is missing), or a row inserted (a
 * row the journal does not give).
 * <p>
 * The journal is read up to the position the store says it flushed; records after it are not yet
 * in the store. Rows of categories that do not come from the journal ({@link #NOT_FROM_JOURNAL}:
 * the daemon's start and stop, secret reads, dead-letter triage, retention) are skipped: only the
 * chain vouches for them. After retention the comparison starts from the archive, which holds
 * the removed rows. After the journal lifecycle took the journal's first cycles out, the comparison
 * starts at the first records still there, and the rows those cycles produced are counted as not
 * compared ({@link Result#notCompared}); point it at a copy with the archived cycles put back
 * ({@code io.horizon.journal.lifecycle.ArchivedJournal}) to compare them too.
 * <p>
 * Stateless; one check at a time per instance of {@link AuditMapping} (it holds a JSON writer).
 */
public final class AuditJournalCheck
{
    /** Categories written by tools and the daemon itself, not from the journal. */
    public static final Set<AuditCategory> NOT_FROM_JOURNAL = EnumSet.of(AuditCategory.SYSTEM_START, AuditCategory.SYSTEM_STOP,
        AuditCategory.SECRET_ACCESS, AuditCategory.DLQ_DISMISSED, AuditCategory.DLQ_REDRIVEN, AuditCategory.AUDIT_RETENTION,
        AuditCategory.JOURNAL_CYCLE_ARCHIVED, AuditCategory.JOURNAL_CYCLE_DELETED, AuditCategory.VENUE_REFUSED_MESSAGE);

    private static final int PAGE = 10_000;
    private static final String JOURNAL_PREFIX = "journal:";

    /**
     * What the comparison found.
     *
     * @param matched    journal-derived rows that matched the journal.
     * @param skipped    rows of categories not from the journal (checked by the chain only).
     * @param flushedTo  the journal position the store says it flushed.
     * @param problem    the first difference, naming the row; null when none.
     * @param journalStart the first records the journal still holds: {@link JournalPosition#START}
     *                   unless the journal lifecycle archived or deleted its first cycles.
     * @param notCompared journal-derived rows produced by records before {@code journalStart},
     *                   passed over without comparison (only the chain vouches for them).
     */
    public record Result(long matched, long skipped, JournalPosition flushedTo, String problem, JournalPosition journalStart,
        long notCompared)
    {
        /**
         * @return true when every journal-derived row matched.
         */
        public boolean matches()
        {
            return problem == null;
        }
    }

    private AuditJournalCheck()
    {
    }

    /**
     * @param stateDirectory where the journal is.
     * @param mapping        the mapping the daemon used (built from the preset recorded in the state).
     * @param live           the live store.
     * @param archive        the archive when the live chain starts after genesis, else null.
     * @return what was found.
     * @throws IllegalArgumentException when retention removed rows and no archive holds them.
     */
    public static Result compare(final Path stateDirectory, final AuditMapping mapping, final AuditStore live, final AuditStore archive)
    {
        final ChainLink base = live.base();
        if (base.sequence() > 0 && archive == null)
        {
            throw new IllegalArgumentException("retention removed sequences up to " + base.sequence() + " from " +
                live.name() + "; --journal compares from the journal's start, so pass --archive with the archive " +
                "that holds them (default audit_archive.db next to --db)");
        }
        final JournalPosition flushed;
        try
        {
            flushed = live.position(AuditFlusher.POSITION);
        }
        catch (final java.sql.SQLException ex)
        {
            throw new io.horizon.journal.sqlite.StoreException("cannot read the flushed journal position of " + live.location() + ": " +
                ex.getMessage(), ex);
        }
        try (Expected expected = new Expected(stateDirectory, mapping, flushed))
        {
            final Rows rows = new Rows(live, archive, base.sequence());
            final JournalPosition start = expected.start();
            long matched = 0;
            long skipped = 0;
            long notCompared = 0;
            boolean outputMatched = false;
            while (true)
            {
                AuditEvent row = rows.peek(0);
                while (row != null && !fromJournal(row))
                {
                    rows.take();
                    skipped++;
                    row = rows.peek(0);
                }
                final AuditEvent fromInput = expected.peek(true, 0);
                final AuditEvent fromOutput = expected.peek(false, 0);
                if (row != null && expected.beforeStart(row, outputMatched, fromOutput))
                {
                    rows.take();
                    notCompared++;
                    continue;
                }
                if (row == null)
                {
                    if (fromInput == null && fromOutput == null)
                    {
                        return new Result(matched, skipped, flushed, null, start, notCompared);
                    }
                    final AuditEvent missing = fromInput == null ? fromOutput : fromOutput == null ? fromInput :
                        fromInput.timestamp().compareTo(fromOutput.timestamp()) <= 0 ? fromInput : fromOutput;
                    return new Result(matched, skipped, flushed, "DELETED: the journal gives " + describe(missing) +
                        ", but the store's journal rows end at sequence " + rows.last(), start, notCompared);
                }
                if (fromInput != null && same(row, fromInput))
                {
                    expected.take(true);
                }
                else if (fromOutput != null && same(row, fromOutput))
                {
                    expected.take(false);
                    outputMatched = true;
                }
                else
                {
                    return new Result(matched, skipped, flushed, divergence(row, rows, expected, flushed), start, notCompared);
                }
                rows.take();
                matched++;
            }
        }
    }

    /**
     * Names a row that matches neither stream's next event. The row belongs, by its category, to
     * the events of inputs or of outputs; within that stream: the event after the expected one
     * matches it (the expected one was deleted), the stream's next row of that kind is the
     * expected one (this row was inserted), or else it was edited.
     */
    private static String divergence(final AuditEvent row, final Rows rows, final Expected expected, final JournalPosition flushed)
    {
        final boolean input = fromInput(row);
        final AuditEvent want = expected.peek(input, 0);
        if (want == null)
        {
            return "INSERTED: row " + row.sequence() + " (" + describe(row) + ") is not derived from the journal, which gives no " +
                "further event of its kind up to " + flushed;
        }
        final AuditEvent afterWant = expected.peek(input, 1);
        if (afterWant != null && same(row, afterWant))
        {
            return "DELETED: before row " + row.sequence() + " the journal gives " + describe(want) + ", which the store does not hold";
        }
        final AuditEvent nextRow = rows.nextOfKind(input);
        if (nextRow != null && same(nextRow, want))
        {
            return "INSERTED: row " + row.sequence() + " (" + describe(row) + ") is not derived from the journal";
        }
        return "EDITED: row " + row.sequence() + " differs from the journal: " + difference(row, want);
    }

    /**
     * @return true for the categories mapped from inputs (control commands); the rest come from outputs.
     */
    private static boolean fromInput(final AuditEvent row)
    {
        return AuditCategory.CONTROL_RECEIVED.code().equals(row.category()) || AuditCategory.SYSTEM_RECOVERY.code().equals(row.category());
    }

    private static AuditEvent nth(final Deque<AuditEvent> deque, final int n)
    {
        int i = 0;
        for (final AuditEvent e : deque)
        {
            if (i++ == n)
            {
                return e;
            }
        }
        return null;
    }

    private static boolean fromJournal(final AuditEvent row)
    {
        for (final AuditCategory c : NOT_FROM_JOURNAL)
        {
            if (c.code().equals(row.category()))
            {
                return false;
            }
        }
        return true;
    }

    private static String describe(final AuditEvent e)
    {
        return e.category() + " at " + e.timestamp() + (e.correlationId() != null ? " (" + e.correlationId() + ")" : "");
    }

    private static boolean same(final AuditEvent row, final AuditEvent want)
    {
        return difference(row, want) == null;
    }

    private static String difference(final AuditEvent row, final AuditEvent want)
    {
        final String[][] fields = {
            {"timestamp", row.timestamp(), want.timestamp()},
            {"category", row.category(), want.category()},
            {"severity", row.severity(), want.severity()},
            {"actor", row.actor(), want.actor()},
            {"account_id", row.accountId(), want.accountId()},
            {"client_id", row.clientId(), want.clientId()},
            {"venue_name", row.venueName(), want.venueName()},
            {"correlation_id", row.correlationId(), want.correlationId()},
            {"market_id", row.marketId(), want.marketId()},
            {"order_id", row.orderId(), want.orderId()},
            {"client_order_id", row.clientOrderId(), want.clientOrderId()},
            {"message", row.message(), want.message()},
            {"payload", row.payload(), want.payload()},
        };
        for (final String[] f : fields)
        {
            if (!Objects.equals(f[1], f[2]))
            {
                return f[0] + " is '" + f[1] + "' but the journal gives '" + f[2] + "'";
            }
        }
        return null;
    }

    /**
     * The events the journal gives, up to the flushed position, as two ordered streams: those of
     * inputs, in input order, and those of outputs, in output order. The flusher interleaves the
     * two as the live journal lets it (an output once its cause was read, or later), so only each
     * stream's own order is fixed.
     */
    private static final class Expected implements AutoCloseable
    {
        private final AuditMapping mapping;
        private final JournalPosition limit;
        private final JournalReader inbound;
        private final JournalReader outbound;
        private final CauseLookup causes;
        private final InboundEvent event = new InboundEvent();
        private final EngineOutput output = new EngineOutput();
        private final List<AuditDraft> drafts = new ArrayList<>();
        private final Deque<AuditEvent> inputs = new ArrayDeque<>();
        private final Deque<AuditEvent> outputs = new ArrayDeque<>();
        private long inboundNext;
        private long outboundNext;

        /** The cause of the first output the journal still holds; -1 when it holds them all. */
        private final long firstCause;

        Expected(final Path stateDirectory, final AuditMapping mapping, final JournalPosition limit)
        {
            this.mapping = mapping;
            this.limit = limit;
            this.inbound = JournalReader.inbound(stateDirectory);
            this.outbound = JournalReader.outbound(stateDirectory);
            this.causes = new CauseLookup(stateDirectory);
            // After the journal lifecycle took the first cycles out, each stream starts at its first record still there.
            inboundNext = inbound.firstRecord();
            outboundNext = outbound.firstRecord();
            inbound.seek(inboundNext);
            outbound.seek(outboundNext);
            firstCause = outboundNext == 0 ? -1 : firstCause(stateDirectory, outboundNext);
        }

        private static long firstCause(final Path stateDirectory, final long outboundFirst)
        {
            try (JournalReader reader = JournalReader.outbound(stateDirectory))
            {
                reader.seek(outboundFirst);
                final EngineOutput first = new EngineOutput();
                return reader.nextOutput(first) ? first.causeSequence : Long.MAX_VALUE;
            }
        }

        JournalPosition start()
        {
            return new JournalPosition(inbound.firstRecord(), outbound.firstRecord());
        }

        /**
         * @return true for a journal-derived row produced by a record the journal no longer holds:
         *         an input's row whose input is before the first inbound record, or an output's row
         *         whose cause is before the cause of the first output still there (outputs keep their
         *         causes' order). Rows of that first cause are passed over until an output row matches,
         *         as the cycle the lifecycle took out may have held some of its outputs.
         */
        boolean beforeStart(final AuditEvent row, final boolean outputMatched, final AuditEvent nextOutput)
        {
            final long cause = causeOf(row);
            if (cause < 0)
            {
                return false;
            }
            if (fromInput(row))
            {
                return cause < inbound.firstRecord();
            }
            if (firstCause < 0)
            {
                return false;
            }
            return cause < firstCause || (cause == firstCause && !outputMatched && (nextOutput == null || !same(row, nextOutput)));
        }

        private static long causeOf(final AuditEvent row)
        {
            final String id = row.correlationId();
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

        AuditEvent peek(final boolean input, final int ahead)
        {
            final Deque<AuditEvent> queue = input ? inputs : outputs;
            while (queue.size() <= ahead && (input ? readInput() : readOutput()))
            {
                for (final AuditDraft d : drafts)
                {
                    final long nanos = d.timestampNanos();
                    queue.addLast(d.toEvent("", 0, nanos == Long.MIN_VALUE ? null : AuditTime.format(nanos), ""));
                }
                drafts.clear();
            }
            return queue.size() <= ahead ? null : nth(queue, ahead);
        }

        void take(final boolean input)
        {
            (input ? inputs : outputs).pollFirst();
        }

        private boolean readInput()
        {
            if (inboundNext >= limit.inboundNext() || !inbound.nextInbound(event))
            {
                return false;
            }
            mapping.inbound(event, inboundNext++, drafts);
            return true;
        }

        private boolean readOutput()
        {
            if (outboundNext >= limit.outboundNext() || !outbound.nextOutput(output))
            {
                return false;
            }
            mapping.output(output, outboundNext++, causes, drafts);
            return true;
        }

        @Override
        public void close()
        {
            causes.close();
            outbound.close();
            inbound.close();
        }
    }

    /**
     * The stored rows in chain order: the archive's up to the live chain's base, then the live
     * store's after it, a page at a time.
     */
    private static final class Rows
    {
        private final AuditStore live;
        private final AuditStore archive;
        private final long base;
        private final Deque<AuditEvent> page = new ArrayDeque<>();
        private long next = 1;
        private long last;
        private boolean exhausted;

        Rows(final AuditStore live, final AuditStore archive, final long base)
        {
            this.live = live;
            this.archive = archive;
            this.base = base;
        }

        AuditEvent peek(final int ahead)
        {
            fill(ahead + 1);
            return page.size() > ahead ? nth(page, ahead) : null;
        }

        /**
         * @return the first journal-derived row after the front one whose kind (from an input or
         *         an output) is the given one, or null.
         */
        AuditEvent nextOfKind(final boolean input)
        {
            for (int i = 1; ; i++)
            {
                final AuditEvent e = peek(i);
                if (e == null)
                {
                    return null;
                }
                if (fromJournal(e) && fromInput(e) == input)
                {
                    return e;
                }
            }
        }

        void take()
        {
            final AuditEvent e = page.pollFirst();
            if (e != null)
            {
                last = e.sequence();
            }
        }

        long last()
        {
            return last;
        }

        private void fill(final int wanted)
        {
            while (page.size() < wanted && !exhausted)
            {
                final long to = next + PAGE - 1;
                final int before = page.size();
                if (next <= base)
                {
                    archive.forEachInRange(next, Math.min(to, base), page::addLast);
                    next = Math.min(to, base) + 1;
                    continue;
                }
                live.forEachInRange(next, to, page::addLast);
                next = to + 1;
                if (page.size() == before && next > live.tail().sequence())
                {
                    exhausted = true;
                }
            }
        }
    }
}
