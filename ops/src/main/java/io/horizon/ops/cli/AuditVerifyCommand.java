package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.retention.AuditAnchors;
import io.horizon.journal.retention.AuditRetention;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.SignedLog;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit verify}: walks the hash chain and, where they exist next to the store,
 * checks the archive, the signed anchors and the signed destruction receipts too.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Check the audit log's hash chain event by event: each hash against the event's content,",
        "each sequence against the one before, each prev_hash against the hash before. Prints",
        "'chain verified: N events, sequences A..B' and exits 0, or names the first broken",
        "sequence and exits 1. An edited, deleted, inserted or reordered row breaks the chain.",
        "",
        "Next to the store it also checks, when present: the archive (audit_archive.db) and the",
        "events kept under legal hold against it; the signed daily anchors (audit_anchors.jsonl),",
        "which catch a cut-off tail; the signed destruction receipts (destruction.jsonl).",
        "Signatures are checked against audit_signing_key.pub.pem when it is there, or --public-key.",
        "",
        "Examples:",
        "  horizon audit verify",
        "  horizon audit verify --db /var/lib/horizon/audit.db --public-key auditor-copy.pub.pem",
        "  horizon audit verify --db ./state/audit_archive.db          # the archive on its own",
        "",
        "Options:"
    })
public final class AuditVerifyCommand implements Callable<Integer>
{
    // An initial value, not defaultValue: picocli applies a defaultValue to an option left out
    // after parsing, which would overwrite what --state set.
    @Option(names = "--db", paramLabel = "PATH",
        description = "The audit database. Default: ${DEFAULT-VALUE}")
    Path db = Path.of("./state/audit.db");

    @Option(names = "--state", paramLabel = "DIR",
        description = "State directory of the daemon; the same as --db DIR/audit.db.")
    void stateDirectory(final Path dir)
    {
        this.db = dir.resolve("audit.db");
    }

    @Option(names = "--archive", paramLabel = "PATH",
        description = "The archive to check the live store against. Default: audit_archive.db next to --db, if present.")
    Path archive;

    @Option(names = "--anchors", paramLabel = "PATH",
        description = "Signed daily anchors. Default: audit_anchors.jsonl next to --db, if present.")
    Path anchors;

    @Option(names = "--receipts", paramLabel = "PATH",
        description = "Signed destruction receipts. Default: destruction.jsonl next to --db, if present.")
    Path receipts;

    @Option(names = "--public-key", paramLabel = "PEM",
        description = "The public key signatures must be made with. Default: audit_signing_key.pub.pem next to --db, if present.")
    Path publicKey;

    @Override
    public Integer call() throws Exception
    {
        final Path dir = db.toAbsolutePath().getParent();
        final List<String> problems = new ArrayList<>();
        final PublicKey pinned = pinnedKey(dir);
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            final ChainVerification chain = store.verify(n -> System.err.printf(Locale.ROOT, "verify: %,d events checked%n", n));
            System.out.println(chain.summary());
            if (!chain.verified())
            {
                return 1;
            }
            final boolean live = AuditStore.ROLE_LIVE.equals(store.role());
            final Path archivePath = pick(archive, dir.resolve(AuditStore.ARCHIVE_FILE_NAME), live);
            AuditStore archiveStore = null;
            try
            {
                if (archivePath != null)
                {
                    archiveStore = AuditStore.openExisting(archivePath, SqliteFile.Access.READ);
                    checkArchive(store, chain, archiveStore, archivePath, problems);
                }
                else if (chain.held() > 0)
                {
                    System.out.println("held under legal hold: " + chain.held() + " events below the chain base, each matching its hash " +
                        "(no archive to compare them with)");
                }
                final Path anchorsPath = pick(anchors, dir.resolve(AuditAnchors.FILE_NAME), live);
                if (anchorsPath != null)
                {
                    final AuditAnchors.Verification v = AuditAnchors.verify(store, archiveStore, anchorsPath, pinned);
                    problems.addAll(v.problems());
                    if (v.problems().isEmpty())
                    {
                        System.out.println("anchors: " + v.checked() + " of " + v.anchors() + " verified" +
                            (v.archived() > 0 ? " (" + v.archived() + " name archived events)" : ""));
                    }
                }
            }
            finally
            {
                if (archiveStore != null)
                {
                    archiveStore.close();
                }
            }
            final Path receiptsPath = pick(receipts, dir.resolve(AuditRetention.RECEIPTS_FILE), live);
            if (receiptsPath != null)
            {
                final List<String> bad = SignedLog.verify(receiptsPath, pinned);
                problems.addAll(bad);
                if (bad.isEmpty())
                {
                    System.out.println("receipts: " + SignedLog.lines(receiptsPath).size() + " signatures verified" +
                        (pinned == null ? " (with the key each carries; pin one with --public-key)" :
                            " with key " + AuditSigningKey.keyId(pinned)));
                }
            }
        }
        for (final String problem : problems)
        {
            System.out.println("PROBLEM: " + problem);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private void checkArchive(
        final AuditStore store, final ChainVerification chain, final AuditStore archive, final Path archivePath,
        final List<String> problems)
    {
        final ChainVerification archived = archive.verify(n -> { });
        System.out.println("archive " + archivePath.getFileName() + ": " + archived.summary());
        if (!archived.verified())
        {
            problems.add("archive " + archivePath + ": " + archived.summary());
            return;
        }
        final ChainLink base = chain.base();
        if (base.sequence() > 0)
        {
            final AuditEvent atBase = archive.event(base.sequence());
            if (atBase == null || !atBase.hash().equals(base.hash()))
            {
                problems.add("the live chain starts after sequence " + base.sequence() + " but the archive " +
                    (atBase == null ? "does not hold it" : "holds a different event there"));
            }
        }
        final long[] mismatched = {0};
        store.forEachInRange(1, base.sequence(), e ->
        {
            final AuditEvent copy = archive.event(e.sequence());
            if (copy == null || !copy.hash().equals(e.hash()))
            {
                mismatched[0]++;
                problems.add("held event " + e.sequence() + " does not match its archived copy");
            }
        });
        if (chain.held() > 0 && mismatched[0] == 0)
        {
            System.out.println("held under legal hold: " + chain.held() + " events below the chain base, each matching its archived copy");
        }
    }

    private PublicKey pinnedKey(final Path dir) throws java.io.IOException
    {
        final Path file = publicKey != null ? publicKey : dir.resolve(AuditSigningKey.PUBLIC_KEY_FILE);
        if (publicKey == null && !Files.exists(file))
        {
            return null;
        }
        if (!Files.exists(file))
        {
            throw new StoreException("no public key at " + file + "; pass --public-key with the published audit_signing_key.pub.pem");
        }
        return AuditSigningKey.parsePublic(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /**
     * The option's path when given (it must exist), else the default when it exists and the
     * store is the live one.
     */
    private static Path pick(final Path given, final Path fallback, final boolean live)
    {
        if (given != null)
        {
            if (!Files.exists(given))
            {
                throw new StoreException("no file at " + given + "; check the path");
            }
            return given;
        }
        return live && Files.exists(fallback) ? fallback : null;
    }
}
