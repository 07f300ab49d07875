package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqIds;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.DlqTriage;
import io.horizon.journal.dlq.OrderResubmitter;
import io.horizon.journal.dlq.RedriveRefusedException;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.daemon.RunningDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code horizon dlq redrive}: sends a dead letter again through the running daemon's normal
 * order path (risk first) and bumps its retry count.
 * <p>
 * The order must reach the running engine; that needs the daemon's control channel, which this
 * build does not have yet. {@link #resubmitterFor} is the one place to connect it: until then a
 * redrive against a running daemon is refused with a message saying so, and nothing changes.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Send a dead letter again through the running daemon's normal order path: order entry,",
        "pre-trade risk, then the venue, as if entered anew (new orders and amends get a fresh",
        "client order id). On success retry_count goes up by one and the redrive is audited",
        "(dlq.redriven); the outcome arrives as usual execution reports. Without a running daemon",
        "on the state directory nothing is sent and nothing changes.",
        "",
        "Example:",
        "  horizon dlq redrive dlq_00000000000004d2",
        "",
        "Options:"
    })
public final class DlqRedriveCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DLQ_ID", description = "The entry, e.g. dlq_00000000000004d2.")
    String dlqId;

    @Option(names = "--operator", paramLabel = "NAME", description = "Who sends it again. Default: the current user.")
    String operator;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "./state/dlq.db",
        description = "The dead-letter database, in the running daemon's state directory. Default: ${DEFAULT-VALUE}")
    Path db;

    @Option(names = "--state", paramLabel = "DIR",
        description = "State directory of the daemon; the same as --db DIR/dlq.db.")
    void stateDirectory(final Path dir)
    {
        this.db = dir.resolve("dlq.db");
    }

    @Override
    public Integer call()
    {
        DlqIds.require(dlqId);
        final Path state = db.toAbsolutePath().getParent();
        final String actor = "user:" + (operator != null ? operator : System.getProperty("user.name", "unknown"));
        try (AuditStore audit = AuditStore.openExisting(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.WRITE);
            DlqStore store = DlqStore.openExisting(db, SqliteFile.Access.WRITE))
        {
            final DlqEntry e = new DlqTriage(store, d -> audit.append(List.of(d))).redrive(dlqId, actor, resubmitterFor(state));
            System.out.println("sent " + e.dlqId() + " again as " + e.lastRedriveClientOrderId() + " (retry " + e.retryCount() +
                "); follow it with horizon audit replay --category order.submitted,order.filled,order.rejected --since 5m");
        }
        return 0;
    }

    /**
     * How the CLI hands an order to the daemon running on a state directory.
     *
     * @param state the state directory.
     * @return a resubmitter; it refuses, changing nothing, when no daemon runs or none can be reached.
     */
    static OrderResubmitter resubmitterFor(final Path state)
    {
        return action ->
        {
            if (!RunningDaemon.isRunning(state))
            {
                throw new RedriveRefusedException("no Horizon daemon is running on " + state + "; a redrive goes through the " +
                    "running engine's risk checks, so start it (horizon run --state " + state + ") and redrive again. " +
                    "Nothing was sent and retry_count is unchanged");
            }
            throw new RedriveRefusedException("a Horizon daemon is running on " + state + ", but this build has no control " +
                "channel for the CLI to hand it the order. Nothing was sent and retry_count is unchanged");
        };
    }
}
