package io.horizon.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.retention.AuditRetention;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.LegalHold;
import io.horizon.journal.retention.LegalHoldsFile;
import io.horizon.journal.retention.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit enforce-retention}: archives and removes expired audit events, keeping
 * those under a legal hold, and appends a signed receipt.
 */
@Command(
    name = "enforce-retention",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Remove audit events older than the retention period from the live store, keeping every",
        "event that matches a legal hold. Expired events (held ones too) are first copied to",
        "audit_archive.db, whose chain still verifies; only then are the unheld ones removed,",
        "through the one path the store's triggers allow. Each run appends a receipt signed with",
        "Ed25519 to destruction.jsonl: operator, reason, sequence range, count, first and last",
        "hash, time. The operator on the receipt is the operating-system user running the verb.",
        "--dry-run reports what would happen and changes nothing.",
        "",
        "Legal holds are KIND=VALUE with KIND one of account, client, market, category, event",
        "(an event id); repeat --hold, or list them one per line in --holds-file (# comments).",
        "The signing key is found as for horizon audit anchor.",
        "",
        "Examples:",
        "  horizon audit enforce-retention --keep 7y --reason \"policy R-12\" --dry-run",
        "  horizon audit enforce-retention --keep 7y --reason \"policy R-12\" --hold account=paper --hold market=AAPL",
        "  horizon audit enforce-retention --keep 400d --reason \"quarterly\" --holds-file /etc/horizon/legal-holds.txt",
        "  horizon audit enforce-retention --postgres --writer desk-a --credentials retention.env --keep 7y --reason \"R-12\"",
        "",
        "Options:"
    })
public final class AuditRetentionCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--keep", paramLabel = "PERIOD", required = true,
        description = "How long events are kept: years or days, e.g. 7y or 400d.")
    String keep;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the receipt.")
    String reason;

    @Option(names = "--hold", paramLabel = "KIND=VALUE", description = "A legal hold; repeat for more.")
    List<String> holds;

    @Option(names = "--holds-file", paramLabel = "FILE", description = "Legal holds, one KIND=VALUE per line.")
    Path holdsFile;

    @Option(names = "--archive", paramLabel = "PATH", description = "The archive. Default: audit_archive.db next to --db.")
    Path archive;

    @Option(names = "--receipts", paramLabel = "PATH", description = "The receipts file. Default: destruction.jsonl next to --db.")
    Path receipts;

    @Option(names = "--signing-key", paramLabel = "PEM", description = "The Ed25519 key file (PRIVATE KEY and PUBLIC KEY blocks).")
    Path signingKey;

    @Option(names = "--dry-run", description = "Report what would be archived, removed and kept; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException
    {
        store.requireConsistent();
        final Path db = store.file(AuditStore.FILE_NAME);
        final RetentionPolicy policy = RetentionPolicy.parse(keep);
        final Path dir = db.toAbsolutePath().getParent();
        if (store.postgres && archive != null)
        {
            throw new IllegalArgumentException("--archive " + archive + " names an audit_archive.db; with --postgres the " +
                "archive is the writer's archive chain in the same database: drop --archive");
        }
        final AuditRetention.Request request = new AuditRetention.Request(
            db,
            archive != null ? archive : dir.resolve(AuditStore.ARCHIVE_FILE_NAME),
            receipts != null ? receipts : dir.resolve(AuditRetention.RECEIPTS_FILE),
            policy,
            holds(),
            OperatorIdentity.actor(),
            reason,
            dryRun,
            Instant.now());
        final AuditRetention.Outcome o;
        final String archiveName;
        if (store.postgres)
        {
            if (store.writer == null)
            {
                throw new IllegalArgumentException("with --postgres, retention runs on one writer's chain: add --writer ID " +
                    "(horizon audit stats --postgres lists the writers)");
            }
            final PostgresTarget target = store.postgresTarget();
            try (PostgresAuditStore live = PostgresAuditStore.openExisting(target))
            {
                archiveName = "the archive chain of writer " + store.writer;
                o = AuditRetention.enforce(request, live, () -> PostgresAuditStore.openArchive(target),
                    live.location(), target.safeUrl() + " archive of writer " + store.writer, archiveName,
                    () -> AuditSigningKey.resolve(signingKey, dir), System.err::println);
            }
        }
        else
        {
            archiveName = request.archiveDb().getFileName().toString();
            o = AuditRetention.enforce(request, () -> AuditSigningKey.resolve(signingKey, dir), System.err::println);
        }
        final String range = o.deleted() > 0 ? " (sequences " + o.firstSequence() + ".." + o.lastSequence() + ")" : "";
        if (o.dryRun())
        {
            System.out.println("dry run: events written before " + o.cutoff() + " have expired (keep " + policy + ")");
            System.out.println("  would archive up to sequence " + o.through() + " in " + archiveName);
            System.out.println("  would remove " + o.deleted() + " events" + range);
            System.out.println("  would keep " + o.held() + " expired events under legal hold");
            System.out.println("nothing was changed");
        }
        else
        {
            System.out.println("retention (keep " + policy + "): " + o.archived() + " events archived to " +
                archiveName + ", " + o.deleted() + " removed" + range + ", " + o.held() +
                " kept under legal hold; cutoff " + o.cutoff());
            System.out.println("receipt appended to " + request.receiptsFile());
        }
        return 0;
    }

    private List<LegalHold> holds() throws IOException
    {
        final List<LegalHold> all = new ArrayList<>();
        if (holds != null)
        {
            for (final String h : holds)
            {
                all.add(LegalHold.parse(h));
            }
        }
        if (holdsFile != null)
        {
            all.addAll(LegalHoldsFile.read(holdsFile, "--holds-file"));
        }
        return all;
    }
}
