package io.horizon.journal.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalException;
import io.horizon.journal.flush.JournalPosition;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The journal's lifecycle: takes old cycle files out of the inbound and outbound queues, archiving
 * them (gzip, checksummed, see {@link CycleArchiver}) or deleting them, so the journal does not grow
 * until the disk is full. A cycle goes only when all of these hold:
 * <ol>
 *   <li>it is not its queue's newest cycle (the one a writer appends to);</li>
 *   <li>recovery never needs it: it lies wholly before the oldest snapshot kept that recovery would restore
 *       ({@link RecoveryFloor}, {@link SnapshotFloor}); a floor past the journal's end keeps everything;</li>
 *   <li>the audit log and the dead-letter queue have committed past it ({@link FlushedPositions});</li>
 *   <li>its retention period has passed, counted from the end of its UTC day;</li>
 *   <li>no legal hold keeps an event it caused ({@link LegalHoldRecords}; a held day keeps both queues' cycles of that day).</li>
 * </ol>
 * A queue is taken out only from its start, so the journal stays one unbroken run of records whose
 * numbers go on counting from 0 ({@link ArchivedPrefix}): the first cycle kept keeps every later
 * one. Each cycle taken out is written to the {@link LifecycleLedger} and handed to the listener
 * before its file is removed (the daemon audits it there). With {@link LifecycleAction#NONE} a run does nothing.
 * <p>
 * Threading: one run at a time, on a thread of its own (off the hot path); safe while the daemon
 * appends, since the newest cycles are never touched.
 */
public final class JournalLifecycle
{
    private final Path stateDirectory;
    private final LifecyclePolicy policy;
    private final RecoveryFloor floor;
    private final FlushedPositions flushed;
    private final LegalHoldRecords holds;
    private final Consumer<LedgerEntry> onTakenOut;
    private final CycleArchiver.Steps steps;

    /**
     * @param stateDirectory the state directory.
     * @param policy         action, archive and retention.
     * @param floor          what recovery may still need.
     * @param flushed        how far the stores committed.
     * @param holds          what legal holds keep.
     * @param onTakenOut     told each cycle being taken out once its ledger line is on disk and before
     *                       its file is removed: the daemon commits the cycle's audit event there
     *                       ({@link CycleAuditEvent}), so that every removed cycle has both and
     *                       {@link LedgerWitnesses} can trust the ledger. When it throws, the file
     *                       stays and the next run finishes the job.
     */
    public JournalLifecycle(
        final Path stateDirectory,
        final LifecyclePolicy policy,
        final RecoveryFloor floor,
        final FlushedPositions flushed,
        final LegalHoldRecords holds,
        final Consumer<LedgerEntry> onTakenOut)
    {
        this(stateDirectory, policy, floor, flushed, holds, onTakenOut, CycleArchiver.Steps.NONE);
    }

    JournalLifecycle(
        final Path stateDirectory,
        final LifecyclePolicy policy,
        final RecoveryFloor floor,
        final FlushedPositions flushed,
        final LegalHoldRecords holds,
        final Consumer<LedgerEntry> onTakenOut,
        final CycleArchiver.Steps steps)
    {
        this.stateDirectory = stateDirectory;
        this.policy = policy;
        this.floor = floor;
        this.flushed = flushed;
        this.holds = holds;
        this.onTakenOut = onTakenOut;
        this.steps = steps;
    }

    /**
     * What a run decided about one cycle.
     *
     * @param cycle the cycle.
     * @param kept  why it was kept, or null when it was taken out.
     */
    public record Decision(QueueCycle cycle, KeepReason kept)
    {
    }

    /**
     * What a run did.
     *
     * @param decisions every cycle looked at, by queue, oldest first.
     * @param takenOut  the ledger entries of the cycles taken out (finished ones of an earlier,
     *                  interrupted run included).
     */
    public record Outcome(List<Decision> decisions, List<LedgerEntry> takenOut)
    {
        /**
         * @param queue a queue.
         * @param file  a cycle file name.
         * @return why it was kept, or null when it was taken out or not looked at.
         */
        public KeepReason keptBecause(final String queue, final String file)
        {
            for (final Decision d : decisions)
            {
                if (d.cycle().queue().equals(queue) && d.cycle().file().name().equals(file))
                {
                    return d.kept();
                }
            }
            return null;
        }
    }

    /**
     * Runs once: finishes what an interrupted run left, then takes out every cycle that may go.
     *
     * @param now the wall time, for retention and the ledger.
     * @return what was decided and done.
     * @throws JournalException when the journal, the ledger or a file cannot be handled; whatever
     *         was not yet taken out stays.
     * @throws io.horizon.journal.sqlite.StoreException when a store cannot be read; nothing is taken out.
     */
    public Outcome runOnce(final Instant now)
    {
        final List<LedgerEntry> takenOut = new ArrayList<>();
        final List<Decision> decisions = new ArrayList<>();
        if (policy.action() == LifecycleAction.NONE || !JournalDirectory.exists(stateDirectory))
        {
            return new Outcome(decisions, takenOut);
        }
        finishInterrupted(JournalDirectory.INBOUND, JournalDirectory.inbound(stateDirectory), takenOut);
        finishInterrupted(JournalDirectory.OUTBOUND, JournalDirectory.outbound(stateDirectory), takenOut);
        refreshListing(JournalDirectory.inbound(stateDirectory));
        refreshListing(JournalDirectory.outbound(stateDirectory));
        final List<QueueCycle> inbound = cycles(JournalDirectory.INBOUND, JournalDirectory.inbound(stateDirectory));
        final List<QueueCycle> outbound = cycles(JournalDirectory.OUTBOUND, JournalDirectory.outbound(stateDirectory));
        final int floorCycle = floorCycle(inbound, floor.lowestInboundRecordNeeded());
        final JournalPosition position = flushed.committedByAll();
        final int flushedCycle = Math.min(cycleOf(inbound, position.inboundNext()), cycleOf(outbound, position.outboundNext()));
        final Instant cutoff = policy.retention().cutoff(now);
        final Held held = new Held(inbound);
        decide(inbound, floorCycle, flushedCycle, cutoff, held, now, decisions, takenOut);
        decide(outbound, floorCycle, flushedCycle, cutoff, held, now, decisions, takenOut);
        return new Outcome(decisions, takenOut);
    }

    private void decide(
        final List<QueueCycle> cycles,
        final int floorCycle,
        final int flushedCycle,
        final Instant cutoff,
        final Held held,
        final Instant now,
        final List<Decision> decisions,
        final List<LedgerEntry> takenOut)
    {
        boolean keeping = false;
        for (int i = 0; i < cycles.size(); i++)
        {
            final QueueCycle cycle = cycles.get(i);
            final int c = cycle.file().cycle();
            final KeepReason reason;
            if (keeping)
            {
                reason = KeepReason.AFTER_KEPT;
            }
            else if (i == cycles.size() - 1)
            {
                reason = KeepReason.NEWEST;
            }
            else if (c >= floorCycle)
            {
                reason = KeepReason.RECOVERY;
            }
            else if (c >= flushedCycle)
            {
                reason = KeepReason.NOT_FLUSHED;
            }
            else if (cycle.file().day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff))
            {
                reason = KeepReason.RETENTION;
            }
            else if (held.holds(c))
            {
                reason = KeepReason.LEGAL_HOLD;
            }
            else
            {
                reason = null;
            }
            decisions.add(new Decision(cycle, reason));
            if (reason != null)
            {
                keeping = true;
                continue;
            }
            final LedgerEntry entry = CycleArchiver.takeOut(stateDirectory, cycle, cycles.get(i + 1).file().name(), policy,
                now, steps, onTakenOut);
            refreshListing(cycle.path().getParent());
            takenOut.add(entry);
        }
    }

    /**
     * Has Chronicle re-list the queue folder and record its new first cycle in the queue's metadata,
     * which read-only readers (replay, another process) start from; until then they would look for
     * the file just taken out. Safe beside the daemon's own writer.
     */
    private static void refreshListing(final Path queueDirectory)
    {
        if (Files.isDirectory(queueDirectory))
        {
            JournalDirectory.openForWriting(queueDirectory).close();
        }
    }

    private void finishInterrupted(final String queueName, final Path queueDirectory, final List<LedgerEntry> takenOut)
    {
        final List<CycleFile> present = CycleFile.list(queueDirectory);
        if (present.isEmpty())
        {
            return;
        }
        for (final LedgerEntry entry : LifecycleLedger.read(stateDirectory, queueName))
        {
            if (entry.cycle() < present.get(0).cycle())
            {
                continue;
            }
            if (!Files.exists(queueDirectory.resolve(entry.file())))
            {
                break;
            }
            CycleArchiver.finish(queueDirectory, entry, onTakenOut);
            takenOut.add(entry);
        }
    }

    /**
     * The queue's cycle files with their record ranges, oldest first.
     */
    private List<QueueCycle> cycles(final String queueName, final Path queueDirectory)
    {
        final List<QueueCycle> cycles = new ArrayList<>();
        final List<CycleFile> files = CycleFile.list(queueDirectory);
        if (files.isEmpty())
        {
            return cycles;
        }
        long next = ArchivedPrefix.firstRecord(stateDirectory, queueName, queueDirectory);
        try (SingleChronicleQueue queue = JournalDirectory.openForReading(queueDirectory);
             ExcerptTailer tailer = queue.createTailer())
        {
            for (final CycleFile file : files)
            {
                final long records = Math.max(0, tailer.excerptsInCycle(file.cycle()));
                cycles.add(new QueueCycle(queueName, file, queueDirectory.resolve(file.name()), next, records));
                next += records;
            }
        }
        return cycles;
    }

    /**
     * @return the cycle recovery may need from: the one holding the floor's record, or the first
     *         cycle when the floor lies past the journal's end (a snapshot beyond the end is one
     *         recovery refuses, so it would need the whole journal).
     */
    private static int floorCycle(final List<QueueCycle> inbound, final long floorRecord)
    {
        if (inbound.isEmpty())
        {
            return Integer.MAX_VALUE;
        }
        final QueueCycle last = inbound.get(inbound.size() - 1);
        if (floorRecord > last.firstRecord() + last.records())
        {
            return inbound.get(0).file().cycle();
        }
        return cycleOf(inbound, floorRecord);
    }

    /**
     * @return the cycle number holding the record; the first cycle's for a record before it;
     *         {@link Integer#MAX_VALUE} for one at or past the end (nothing of the queue is needed).
     */
    private static int cycleOf(final List<QueueCycle> cycles, final long record)
    {
        if (cycles.isEmpty())
        {
            return Integer.MAX_VALUE;
        }
        if (record < cycles.get(0).firstRecord())
        {
            return cycles.get(0).file().cycle();
        }
        for (final QueueCycle cycle : cycles)
        {
            if (cycle.holds(record))
            {
                return cycle.file().cycle();
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * The cycles a legal hold keeps, read once per run and only when a cycle gets that far.
     */
    private final class Held
    {
        private final List<QueueCycle> inbound;
        private Set<Integer> cycles;

        Held(final List<QueueCycle> inbound)
        {
            this.inbound = inbound;
        }

        boolean holds(final int cycle)
        {
            if (cycles == null)
            {
                cycles = new HashSet<>();
                for (final long record : holds.heldInboundRecords())
                {
                    for (final QueueCycle c : inbound)
                    {
                        if (c.holds(record))
                        {
                            cycles.add(c.file().cycle());
                            break;
                        }
                    }
                }
            }
            return cycles.contains(cycle);
        }
    }
}
