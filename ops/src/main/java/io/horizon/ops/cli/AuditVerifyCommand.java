package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.journal.JournalException;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditJournalCheck;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.lifecycle.ArchivedJournal;
import io.horizon.journal.lifecycle.LedgerWitnesses;
import io.horizon.journal.lifecycle.LifecycleLedger;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.retention.AnchorLocation;
import io.horizon.journal.retention.AuditAnchors;
import io.horizon.journal.retention.AuditRetention;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.RetentionReceipts;
import io.horizon.journal.retention.SignedLog;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;
import io.horizon.ops.daemon.PresetVenueRoutes;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.preset.PresetRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit verify}: walks the hash chain, checks the store's guards and the receipts
 * its chain base relies on, and, when given, compares the chain with signed anchors kept outside
 * the state directory and with the journal. Says plainly what it could not check.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Check the audit log. Always: the hash chain event by event (each hash against the event's",
        "content, each sequence and prev_hash against the one before), the store's guard triggers,",
        "and the destruction receipts its chain base relies on (the chain may start after sequence",
        "N only if the newest signed receipt says so). With --anchors and --public-key: every anchor",
        "the daemon signed outside the state directory must be in the chain with the same hash, and",
        "the chain must not end before the newest one. With --journal: the rows the journal must",
        "have produced are recomputed and the first edited, deleted or inserted row is named; after",
        "the journal lifecycle archived the journal's first cycles, from the first record still there",
        "(NOT CHECKED names what was not compared), or over the whole history with --journal-archive DIR.",
        "When the journal lifecycle took cycles out, its ledger (journal/lifecycle.jsonl) and the",
        "journal.cycle_archived/deleted events must match one for one.",
        "",
        "Prints 'chain verified: ...' and one line per check; every check it could NOT make is",
        "printed as 'NOT CHECKED: ...'. Exits 0 when nothing failed, 1 when something did (each",
        "named on a 'PROBLEM:' line), 2 on bad input. --require-anchors also fails when no anchors",
        "or no pinned public key were given: use it wherever the result is relied on.",
        "",
        "Examples:",
        "  horizon audit verify --state /var/lib/horizon --anchors /var/lib/horizon-anchors \\",
        "      --public-key /etc/horizon/audit_signing_key.pub.pem --require-anchors",
        "  horizon audit verify --state /var/lib/horizon --preset /etc/horizon/prod.hz.toml --require-anchors --journal",
        "  horizon audit verify --db ./state/audit_archive.db          # the archive on its own",
        "",
        "Options:"
    })
public final class AuditVerifyCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--anchors", paramLabel = "DIR",
        description = "Where the daemon writes its signed anchors ([audit] anchors), or an anchors file.")
    Path anchors;

    @Option(names = "--public-key", paramLabel = "PEM",
        description = "The published public key every signature must be made with ([audit] public_key).")
    Path publicKey;

    @Option(names = "--preset", paramLabel = "FILE",
        description = "Take --anchors and --public-key from this preset's [audit] table (the operator's copy, not the state's).")
    Path preset;

    @Option(names = "--require-anchors",
        description = "Fail unless anchors and a pinned public key were checked.")
    boolean requireAnchors;

    @Option(names = "--journal",
        description = "Also recompute the journal-derived rows from the journal in the state directory and compare.")
    boolean journal;

    @Option(names = "--journal-archive", paramLabel = "DIR",
        description = "With --journal, after the journal lifecycle archived the journal's first cycles: the journal archive " +
            "directory ([journal] archive_dir); the archived cycles are unpacked into a temporary copy and compared too. " +
            "Without it, the comparison starts at the first record the journal still holds and says what it did not compare.")
    Path journalArchive;

    @Option(names = "--archive", paramLabel = "PATH",
        description = "The archive to check the live store against. Default: audit_archive.db next to the store, if present.")
    Path archive;

    @Option(names = "--receipts", paramLabel = "PATH",
        description = "Signed destruction receipts. Default: destruction.jsonl next to the store, if present.")
    Path receipts;

    private final List<String> problems = new ArrayList<>();
    private final List<String> notChecked = new ArrayList<>();

    @Override
    public Integer call() throws Exception
    {
        store.requireConsistent();
        if (journalArchive != null && !journal)
        {
            throw new IllegalArgumentException("--journal-archive only applies to --journal; add --journal or drop it");
        }
        fromPreset();
        final PublicKey pinned = pinnedKey();
        if (store.postgres)
        {
            verifyPostgres(pinned);
        }
        else
        {
            verifySqlite(pinned);
        }
        if (pinned == null)
        {
            notChecked.add("no --public-key: signatures were checked with the key each line carries, which anyone can make; " +
                "pin the published key with --public-key FILE");
        }
        if (!journal)
        {
            notChecked.add("no --journal: rows were not compared with the journal they were derived from");
        }
        if (requireAnchors && (anchors == null || pinned == null))
        {
            problems.add("--require-anchors: " + (anchors == null ? "no --anchors" : "no --public-key") +
                " given, so a cut tail or a chain rebuilt with fresh hashes could go unseen");
        }
        for (final String line : notChecked)
        {
            System.out.println("NOT CHECKED: " + line);
        }
        for (final String problem : problems)
        {
            System.out.println("PROBLEM: " + problem);
        }
        System.out.println(problems.isEmpty() ? (notChecked.isEmpty() ? "verified: every check passed" :
            "verified, with " + notChecked.size() + " check(s) not made (see NOT CHECKED)") : "FAILED: " + problems.size() + " problem(s)");
        return problems.isEmpty() ? 0 : 1;
    }

    private void verifySqlite(final PublicKey pinned) throws java.io.IOException
    {
        final Path db = store.file(AuditStore.FILE_NAME);
        final Path dir = db.toAbsolutePath().normalize().getParent();
        try (AuditStore audit = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            final boolean live = AuditStore.ROLE_LIVE.equals(audit.role());
            final ChainVerification chain = verifyChain(audit, pinned, live);
            final Path archivePath = pick(archive, dir.resolve(AuditStore.ARCHIVE_FILE_NAME), live);
            try (AuditStore archiveStore = archivePath == null ? null : AuditStore.openExisting(archivePath, SqliteFile.Access.READ))
            {
                checkBelowBase(audit, chain, archiveStore, live);
                if (live)
                {
                    checkAnchors(audit, archiveStore, dir, pinned);
                }
                if (live)
                {
                    checkLifecycleLedger(audit, archiveStore, dir);
                }
                if (journal)
                {
                    checkJournal(audit, archiveStore, dir);
                }
            }
            final Path receiptsPath = pick(receipts, dir.resolve(AuditRetention.RECEIPTS_FILE), live);
            if (receiptsPath != null)
            {
                final List<String> bad = SignedLog.verify(receiptsPath, pinned);
                problems.addAll(bad);
                if (bad.isEmpty())
                {
                    System.out.println("receipts file: " + SignedLog.lines(receiptsPath).size() + " signatures verified" +
                        (pinned == null ? "" : " with key " + AuditSigningKey.keyId(pinned)));
                }
            }
        }
    }

    /**
     * Every writer's chain in the PostgreSQL audit log (or the one {@code --writer} names), each with
     * its receipts and archive; anchors and {@code --journal} belong to one daemon, so they need {@code --writer}.
     */
    private void verifyPostgres(final PublicKey pinned) throws java.io.IOException
    {
        final PostgresTarget target = store.postgresTarget();
        final List<String> writers = store.writers(target);
        if (writers.isEmpty())
        {
            problems.add(target.safeUrl() + " holds no writer's chain: no daemon has written to it yet");
            return;
        }
        for (final String writer : writers)
        {
            System.out.println("writer " + writer + ":");
            try (AuditStore audit = PostgresAuditStore.openExisting(target.forWriter(writer));
                AuditStore archiveStore = PostgresAuditStore.openExistingArchive(target.forWriter(writer)))
            {
                final ChainVerification chain = verifyChain(audit, pinned, true);
                checkBelowBase(audit, chain, archiveStore, true);
                if (store.writer != null)
                {
                    final Path dir = (store.state != null ? store.state : StoreOptions.DEFAULT_STATE).toAbsolutePath().normalize();
                    checkAnchors(audit, archiveStore, dir, pinned);
                    checkLifecycleLedger(audit, archiveStore, dir);
                    if (journal)
                    {
                        checkJournal(audit, archiveStore, dir);
                    }
                }
            }
        }
        if (store.writer == null && (anchors != null || journal))
        {
            notChecked.add("--anchors and --journal belong to one daemon: repeat with --writer ID (and --state of that daemon)");
        }
    }

    private ChainVerification verifyChain(final AuditStore audit, final PublicKey pinned, final boolean live)
    {
        final ChainVerification chain = audit.verify(n -> System.err.printf(Locale.ROOT, "verify: %,d events checked%n", n));
        System.out.println(chain.summary());
        if (!chain.verified())
        {
            problems.add((store.postgres ? audit.name() + ": " : "") + "the chain is broken at sequence " + chain.brokenAt());
        }
        problems.addAll(audit.guardProblems());
        if (live)
        {
            final RetentionReceipts.Verification r = RetentionReceipts.verify(audit, pinned);
            problems.addAll(r.problems());
            if (r.problems().isEmpty())
            {
                System.out.println(chain.base().sequence() == 0 ? "chain base: genesis (nothing was ever removed)" :
                    "chain base: sequence " + chain.base().sequence() + ", as the newest of " + r.receipts() +
                        " signed destruction receipts in the store says");
            }
        }
        return chain;
    }

    private void checkBelowBase(
        final AuditStore audit, final ChainVerification chain, final AuditStore archiveStore, final boolean live)
    {
        if (archiveStore != null)
        {
            checkArchive(audit, chain, archiveStore, archiveStore.name());
        }
        else if (live && chain.base().sequence() > 0)
        {
            notChecked.add("no archive (audit_archive.db or --archive): the events retention removed up to sequence " +
                chain.base().sequence() + (chain.held() > 0 ? " and the " + chain.held() + " held below it" : "") +
                " were not compared with their archived copies");
        }
        else if (chain.held() > 0)
        {
            System.out.println("held under legal hold: " + chain.held() + " events below the chain base, each matching its hash " +
                "(no archive to compare them with)");
        }
    }

    private void fromPreset()
    {
        if (preset == null)
        {
            return;
        }
        final Preset p = PresetReader.read(preset, PresetOverrides.none());
        final AuditSettings settings = p.audit();
        if (anchors == null)
        {
            anchors = settings.anchors();
        }
        if (publicKey == null)
        {
            publicKey = settings.publicKey();
        }
    }

    private void checkAnchors(final AuditStore audit, final AuditStore archiveStore, final Path dir, final PublicKey pinned)
    {
        final Path inState = dir.resolve(AuditAnchors.FILE_NAME);
        if (anchors == null)
        {
            if (Files.exists(inState))
            {
                report(AuditAnchors.verify(audit, archiveStore, inState, pinned), inState);
            }
            notChecked.add("no --anchors: the chain alone cannot show a cut-off tail or a chain rebuilt with fresh hashes; " +
                "pass --anchors with the daemon's [audit] anchors directory" +
                (Files.exists(inState) ? " (" + inState.getFileName() + " in the state directory was checked, but whoever can " +
                    "rewrite the store can rewrite it too)" : ""));
            return;
        }
        final Path file = Files.isDirectory(anchors) ? anchors.resolve(AuditAnchors.FILE_NAME) : anchors;
        if (!Files.isRegularFile(file))
        {
            problems.add("no anchors at " + file + "; pass --anchors with the directory the daemon's [audit] anchors names");
            return;
        }
        if (AnchorLocation.isInside(file, dir))
        {
            notChecked.add("the anchors " + file + " lie inside the state directory, so they prove nothing against someone " +
                "who can write it");
        }
        final AuditAnchors.Verification v = AuditAnchors.verify(audit, archiveStore, file, pinned);
        if (v.anchors() == 0)
        {
            problems.add("the anchors file " + file + " is empty: the daemon anchored nothing, or the file was emptied");
        }
        report(v, file);
    }

    private void report(final AuditAnchors.Verification v, final Path file)
    {
        problems.addAll(v.problems());
        if (v.problems().isEmpty() && v.anchors() > 0)
        {
            System.out.println("anchors: " + v.checked() + " of " + v.anchors() + " in " + file + " verified" +
                (v.archived() > 0 ? " (" + v.archived() + " name archived events)" : ""));
        }
    }

    /**
     * The journal lifecycle's ledger against the audit log, both ways: every cycle the ledger says
     * the lifecycle took out has its audit event, and every such event has its ledger line.
     */
    private void checkLifecycleLedger(final AuditStore audit, final AuditStore archiveStore, final Path dir)
    {
        final LedgerWitnesses witnesses = LedgerWitnesses.read(audit, archiveStore);
        // Without a ledger nothing vouches for cycles taken out; the audit log's cycle events still
        // say which were, so a deleted ledger is named here instead of being skipped.
        if (!Files.exists(LifecycleLedger.file(dir), java.nio.file.LinkOption.NOFOLLOW_LINKS) && witnesses.events() == 0)
        {
            return;
        }
        final List<String> bad = witnesses.problems(dir);
        if (bad.isEmpty())
        {
            System.out.println("journal lifecycle ledger: " + witnesses.linesChecked(dir) + " cycles taken out, each with its " +
                "audit event; " + witnesses.events() + " journal.cycle_* events, each with its ledger line");
        }
        for (final String problem : bad)
        {
            problems.add("journal lifecycle: " + problem);
        }
    }

    private void checkJournal(final AuditStore audit, final AuditStore archiveStore, final Path dir) throws java.io.IOException
    {
        final Preset recorded = PresetRecord.forState(dir);
        final AuditMapping mapping = new AuditMapping(recorded.referenceData(), PresetVenueRoutes.of(recorded),
            recorded.strategies().stream().map(st -> st.create(recorded.referenceData()).name()).toList());
        final AuditJournalCheck.Result r;
        if (journalArchive != null)
        {
            final Path copy = Files.createTempDirectory("horizon-audit-verify-");
            try
            {
                // The ledger is checked against the store being verified (PostgreSQL too), not STATE/audit.db.
                r = AuditJournalCheck.compare(ArchivedJournal.unpack(dir, journalArchive, copy,
                    () -> LedgerWitnesses.read(audit, archiveStore)), mapping, audit, archiveStore);
            }
            catch (final JournalException ex)
            {
                problems.add("journal: cannot put the archived cycles back: " + ex.getMessage());
                return;
            }
            finally
            {
                ArchivedJournal.delete(copy);
            }
            System.out.println("journal: read with the cycles the journal lifecycle archived in " + journalArchive);
        }
        else
        {
            r = AuditJournalCheck.compare(dir, mapping, audit, archiveStore);
        }
        if (r.matches())
        {
            System.out.println("journal: " + r.matched() + " rows match the journal " + (r.journalStart().records() == 0 ? "" :
                "from " + r.journalStart() + " ") + "up to " + r.flushedTo() + " (" + r.skipped() +
                " rows of categories not from the journal checked by the chain only)");
        }
        else
        {
            problems.add("journal: " + r.problem());
        }
        if (r.journalStart().records() > 0)
        {
            notChecked.add("the journal starts at " + r.journalStart() + ": the journal lifecycle took the cycles before " +
                "it out (" + LifecycleLedger.file(dir) + "), so the " + r.notCompared() + " journal rows they produced were " +
                "not compared with them (the chain alone vouches for them); pass --journal-archive DIR with the journal " +
                "archive directory to compare them too");
        }
    }

    private void checkArchive(
        final AuditStore audit, final ChainVerification chain, final AuditStore archiveStore, final String archiveName)
    {
        final ChainVerification archived = archiveStore.verify(n -> { });
        System.out.println("archive " + archiveName + ": " + archived.summary());
        if (!archived.verified())
        {
            problems.add("archive " + archiveStore.location() + ": " + archived.summary());
            return;
        }
        final ChainLink base = chain.base();
        if (base.sequence() > 0)
        {
            final AuditEvent atBase = archiveStore.event(base.sequence());
            if (atBase == null || !atBase.hash().equals(base.hash()))
            {
                problems.add("the live chain starts after sequence " + base.sequence() + " but the archive " +
                    (atBase == null ? "does not hold it" : "holds a different event there"));
            }
        }
        final long[] mismatched = {0};
        audit.forEachInRange(1, base.sequence(), e ->
        {
            final AuditEvent copy = archiveStore.event(e.sequence());
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

    private PublicKey pinnedKey() throws java.io.IOException
    {
        if (publicKey == null)
        {
            return null;
        }
        if (!Files.isRegularFile(publicKey))
        {
            throw new StoreException("no public key at " + publicKey + "; pass --public-key with the published audit signing " +
                "key (the PUBLIC KEY PEM, e.g. /etc/horizon/audit_signing_key.pub.pem)");
        }
        return AuditSigningKey.parsePublic(Files.readString(publicKey, StandardCharsets.US_ASCII), publicKey.toString());
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
