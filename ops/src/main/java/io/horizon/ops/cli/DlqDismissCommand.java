package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqIds;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.dlq.DlqTriage;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code horizon dlq dismiss}: takes an entry off the open list for good, with a reason, audited.
 */
@Command(
    name = "dismiss",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Dismiss a dead letter: it leaves the open list for good and will not be sent again.",
        "A reason is required; the dismissal is written to the audit log (dlq.dismissed) with",
        "who did it: the operating-system user running the verb.",
        "",
        "Example:",
        "  horizon dlq dismiss dlq_00000000000004d2 --reason \"desk re-entered the order by hand\"",
        "",
        "Options:"
    })
public final class DlqDismissCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DLQ_ID", description = "The entry, e.g. dlq_00000000000004d2.")
    String dlqId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why it will not be sent again. Required.")
    String reason;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--audit-db", paramLabel = "PATH", description = "The audit database. Default: audit.db next to --db.")
    Path auditDb;

    @Override
    public Integer call()
    {
        store.requireConsistent();
        final Path db = store.file(DlqStore.FILE_NAME);
        DlqIds.require(dlqId);
        if (reason == null || reason.isBlank())
        {
            throw new IllegalArgumentException("dismissing " + dlqId + " needs a reason; add --reason \"why it will not be sent again\"");
        }
        final String actor = OperatorIdentity.actor();
        if (store.postgres && auditDb != null)
        {
            throw new IllegalArgumentException("--audit-db " + auditDb + " names an audit.db; with --postgres the dismissal is " +
                "audited in the writer's chain in the same database: drop --audit-db");
        }
        final PostgresTarget target = store.postgres ? store.postgresTarget().forWriter(store.requireWriter("dlq dismiss")) : null;
        final Path audit = auditDb != null ? auditDb : db.toAbsolutePath().getParent().resolve(AuditStore.FILE_NAME);
        // Open the audit log first: a dismissal that cannot be audited is not made.
        try (AuditStore auditStore = target != null ? PostgresAuditStore.openExisting(target) :
            AuditStore.openExisting(audit, SqliteFile.Access.WRITE);
            DlqStore store = target != null ? PostgresDlqStore.openExisting(target) : DlqStore.openExisting(db, SqliteFile.Access.WRITE))
        {
            final DlqEntry e = new DlqTriage(store, d -> auditStore.append(List.of(d))).dismiss(dlqId, reason, actor);
            System.out.println("dismissed " + e.dlqId() + " at " + e.dismissedAt() + " by " + actor + ": " + e.dismissedReason());
        }
        return 0;
    }
}
