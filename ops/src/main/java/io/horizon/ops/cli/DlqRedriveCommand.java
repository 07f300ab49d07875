package io.horizon.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqIds;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.DlqTriage;
import io.horizon.journal.dlq.OrderResubmitter;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.dlq.RedriveRefusedException;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.control.ControlAck;
import io.horizon.ops.control.ControlClient;
import io.horizon.ops.control.ControlException;
import io.horizon.ops.daemon.AuditBackendMark;
import io.horizon.ops.daemon.RunningDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code horizon dlq redrive}: asks the daemon running on the state directory, through its control
 * channel, to send a dead letter again through its normal order path (risk first). The daemon
 * publishes the order, bumps {@code retry_count} once and audits {@code dlq.redriven} with the
 * operator; this verb only asks and prints the answer, so it never writes either store itself.
 * <p>
 * Without a running daemon nothing can be sent: the entry is still checked (unknown, dismissed,
 * not redrivable) so the operator learns the first problem, and then the redrive is refused with
 * nothing changed.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Send a dead letter again through the running daemon's normal order path: order entry,",
        "pre-trade risk, then the venue, as if entered anew (new orders and amends get a fresh",
        "client order id). The daemon is asked through STATE/control (its file permissions are",
        "the access control) and does the work: it publishes the order, bumps retry_count by one",
        "and audits the redrive (dlq.redriven) as user:<your OS user>. The outcome (ack, fill,",
        "or a risk reject) arrives as usual execution reports in the journal and the audit log.",
        "Without a running daemon on the state directory nothing is sent and nothing changes.",
        "With --postgres --writer ID the entry is looked up in that writer's dead letters in",
        "PostgreSQL; the daemon on --state (whose daemon.id is ID) redrives it from there. A writer",
        "id with no rows there, or not the one that daemon writes under, is refused.",
        "",
        "Exit status: 0 the daemon sent it; 1 the daemon refused it (unknown, dismissed or not",
        "redrivable entry, ring full...) or did not answer; 2 bad arguments, or no daemon runs",
        "on the state directory.",
        "",
        "Examples:",
        "  horizon dlq redrive --state /var/lib/horizon dlq_00000000000004d2",
        "  horizon dlq redrive --postgres --writer desk-a --state /var/lib/horizon dlq_00000000000004d2",
        "",
        "Options:"
    })
public final class DlqRedriveCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DLQ_ID", description = "The entry, e.g. dlq_00000000000004d2.")
    String dlqId;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
        description = "How long the daemon has to take the request. Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Override
    public Integer call()
    {
        store.requireConsistent();
        final Path db = store.file(DlqStore.FILE_NAME);
        DlqIds.require(dlqId);
        final Path file = db.toAbsolutePath().normalize();
        final Path state = file.getParent();
        if (store.postgres && store.db != null)
        {
            throw new IllegalArgumentException("--db " + store.db + " names a dlq.db; with --postgres the entry is read from the " +
                "writer's dead letters in PostgreSQL and the daemon is found by --state: drop --db");
        }
        final boolean running = RunningDaemon.isRunning(state);
        if (store.postgres)
        {
            requireDaemonsWriter(state, running);
        }
        if (!running)
        {
            return refuseWithoutDaemon(file, state);
        }
        if (!DlqStore.FILE_NAME.equals(file.getFileName().toString()))
        {
            throw new IllegalArgumentException("--db " + db + " is not the running daemon's dead-letter queue; it redrives from " +
                state.resolve(DlqStore.FILE_NAME) + ": pass --state " + state);
        }
        final ControlAck ack;
        try
        {
            ack = ControlClient.redrive(state, dlqId, timeout);
        }
        catch (final ControlException ex)
        {
            System.err.println("horizon: error: " + ex.getMessage() + (ex.getMessage().contains("control desk") ?
                " (a daemon holds the state directory: if it is still starting or recovering, try again in a moment)" : ""));
            return 1;
        }
        if (!ack.status().published())
        {
            System.err.println("horizon: error: Horizon on " + state + " refused to redrive " + dlqId + " (" +
                ack.status().name().toLowerCase(Locale.ROOT) + "): " + ack.message());
            return 1;
        }
        System.out.println(dlqId + " " + ack.message() + "; operator " + ack.actor() + ". Follow it with: horizon audit replay --state " +
            state + " --category order.submitted,order.acknowledged,order.filled,order.rejected --since 5m");
        return 0;
    }

    /**
     * A dead-letter id is unique within one writer only, and the daemon redrives from its own
     * writer's dead letters: {@code --writer} must name a writer with rows in the database and,
     * when a daemon runs on the state directory, the writer that daemon writes under (what it
     * recorded in {@code STATE/audit-backend} at start), or the operator would send another entry
     * than the one they looked at.
     *
     * @throws IllegalArgumentException naming the writer id and the fix.
     */
    private void requireDaemonsWriter(final Path state, final boolean running)
    {
        final String writer = store.requireWriter("horizon dlq redrive");
        if (running)
        {
            requireRecordedWriter(state, writer);
        }
        final PostgresTarget target = store.postgresTarget();
        final List<String> writers = PostgresAuditStore.writers(target);
        if (!writers.contains(writer))
        {
            throw new IllegalArgumentException("--writer " + writer + " has no rows in " + target.safeUrl() + " (its writers: " +
                (writers.isEmpty() ? "none" : String.join(", ", writers)) + "); pass the daemon.id of the daemon on " + state +
                ". Nothing was sent");
        }
    }

    private void requireRecordedWriter(final Path state, final String writer)
    {
        final AuditBackendMark.Mark mark;
        try
        {
            mark = AuditBackendMark.read(state);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + state.resolve(AuditBackendMark.FILE_NAME) + " (" + ex.getMessage() +
                "); make it a readable file, or remove it and restart the daemon to rewrite it. Nothing was sent");
        }
        if (mark == null)
        {
            throw new IllegalArgumentException("the daemon on " + state + " did not record which writer id it writes under (" +
                state.resolve(AuditBackendMark.FILE_NAME) + " is missing: it was started by an earlier release), so --writer " +
                writer + " cannot be checked; restart it and redrive again. Nothing was sent");
        }
        if (!mark.postgres())
        {
            throw new IllegalArgumentException("the daemon on " + state + " keeps its dead letters in " +
                state.resolve(DlqStore.FILE_NAME) + ", not in PostgreSQL; drop --postgres --writer " + writer + ". Nothing was sent");
        }
        if (!mark.writer().equals(writer))
        {
            throw new IllegalArgumentException("--writer " + writer + " is not the writer id of the daemon on " + state +
                ", which writes under '" + mark.writer() + "' and would redrive its own " + dlqId + ", another entry; pass --writer " +
                mark.writer() + ", or the --state of the daemon whose daemon.id is " + writer + ". Nothing was sent");
        }
    }

    /**
     * What a redrive does when no daemon runs: checks the entry as the daemon would (so an unknown
     * or dismissed id is named first), then refuses. Read-only: nothing is sent or written.
     *
     * @throws IllegalArgumentException naming the entry's problem.
     * @throws RedriveRefusedException  saying no daemon runs.
     */
    private int refuseWithoutDaemon(final Path file, final Path state)
    {
        try (DlqStore store = this.store.postgres ?
            PostgresDlqStore.openExisting(this.store.postgresTarget().forWriter(this.store.requireWriter("horizon dlq redrive"))) :
            DlqStore.openExisting(file, SqliteFile.Access.READ))
        {
            new DlqTriage(store, d ->
            {
                throw new IllegalStateException("nothing is audited when nothing was sent");
            }).redrive(dlqId, OperatorIdentity.actor(), noDaemon(state));
        }
        throw new IllegalStateException("a redrive without a daemon cannot have been sent");
    }

    private static OrderResubmitter noDaemon(final Path state)
    {
        return action ->
        {
            throw new RedriveRefusedException("no Horizon daemon is running on " + state + "; a redrive goes through the " +
                "running engine's risk checks, so start it (horizon run --state " + state + ") and redrive again. " +
                "Nothing was sent and retry_count is unchanged");
        };
    }
}
