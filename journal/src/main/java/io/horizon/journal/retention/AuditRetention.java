package io.horizon.journal.retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditEventIds;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.json.JsonObjectWriter;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreException;

/**
 * Enforces a retention policy on the live audit store, in this order, each step safe to repeat
 * after a crash:
 * <ol>
 *   <li>find the expired stretch: chained events written before {@code now - policy}, by the
 *   wall-clock {@code recorded_at} the store keeps beside each event, not by its {@code timestamp}
 *   (engine time: a file run's rows carry the recorded day, and would expire at once or never);
 *   an event stored before the store kept {@code recorded_at} is judged by its timestamp, which
 *   those releases took from the wall clock;</li>
 *   <li>copy every event of it not yet archived, held or not, to {@code audit_archive.db}, whose
 *   chain continues from genesis and so still verifies;</li>
 *   <li>sign a receipt (operator, reason, policy, sequence range, count, first and last hash,
 *   time) with the Ed25519 key;</li>
 *   <li>in one transaction of the live store, through its single controlled delete path: remove
 *   the expired events that no legal hold keeps, move the chain base to the last expired event,
 *   and record the receipt;</li>
 *   <li>append the receipt to {@code destruction.jsonl} (forced to disk), and audit the run as
 *   {@code audit.retention}.</li>
 * </ol>
 * The live store's chain then starts at the new base and verifies from there; events kept under a
 * hold stay below the base, each still checked against its own hash and its archived copy. A
 * receipt recorded in the store but missing from {@code destruction.jsonl} (a crash between steps
 * 4 and 5) is appended by the next run. A dry run reports what would happen and changes nothing.
 * <p>
 * Stateless; one run at a time per store (the store's write lock serialises the delete).
 */
public final class AuditRetention
{
    /** The receipts file, next to the audit store. */
    public static final String RECEIPTS_FILE = "destruction.jsonl";

    private static final int COPY_CHUNK = 10_000;
    private static final long PROGRESS_EVERY = 100_000;

    /**
     * What to enforce.
     *
     * @param liveDb       the live store.
     * @param archiveDb    the archive.
     * @param receiptsFile {@code destruction.jsonl}.
     * @param policy       how long to keep events.
     * @param holds        legal holds; an event matching any is kept.
     * @param operator     who runs it.
     * @param reason       why, for the receipt.
     * @param dryRun       report only.
     * @param now          the time of the run.
     */
    public record Request(
        Path liveDb,
        Path archiveDb,
        Path receiptsFile,
        RetentionPolicy policy,
        List<LegalHold> holds,
        String operator,
        String reason,
        boolean dryRun,
        Instant now)
    {
        public Request
        {
            holds = List.copyOf(holds);
            if (reason == null || reason.isBlank())
            {
                throw new IllegalArgumentException("enforce-retention needs --reason, e.g. --reason \"7-year retention, policy R-12\"");
            }
            if (operator == null || operator.isBlank())
            {
                throw new IllegalArgumentException("enforce-retention needs the operator who runs it (the operating-system user)");
            }
        }
    }

    /**
     * What a run did, or (dry run) would do.
     *
     * @param dryRun        true when nothing was changed.
     * @param cutoff        events written before this had expired.
     * @param through       the last expired sequence.
     * @param deleted       events removed from the live store.
     * @param held          expired events kept (legal holds, or not yet expired below the base).
     * @param archived      events copied to the archive in this run.
     * @param firstSequence first removed sequence, or -1.
     * @param lastSequence  last removed sequence, or -1.
     * @param receiptLine   the signed receipt, or null for a dry run.
     */
    public record Outcome(
        boolean dryRun,
        String cutoff,
        long through,
        long deleted,
        long held,
        long archived,
        long firstSequence,
        long lastSequence,
        String receiptLine)
    {
    }

    private AuditRetention()
    {
    }

    /**
     * Runs retention.
     *
     * @param request  what to enforce.
     * @param key      the signing key; asked for only when something will be written.
     * @param progress told how a long run goes, one line at a time.
     * @return what happened.
     * @throws IllegalArgumentException when the store is an archive or the archive does not fit it.
     * @throws StoreException           when a store or file cannot be read or written.
     */
    public static Outcome enforce(final Request request, final Supplier<AuditSigningKey> key, final Consumer<String> progress)
    {
        try (AuditStore live = AuditStore.openExisting(request.liveDb(), SqliteFile.Access.WRITE))
        {
            if (!AuditStore.ROLE_LIVE.equals(live.role()))
            {
                throw new IllegalArgumentException(request.liveDb() + " is an audit archive; retention runs on the live audit.db");
            }
            return enforce(request, live, () -> AuditStore.openArchive(request.archiveDb()),
                request.liveDb().toAbsolutePath().toString(), request.archiveDb().toAbsolutePath().toString(),
                request.archiveDb().getFileName().toString(), key, progress);
        }
    }

    /**
     * Runs retention on a live store of either backend (a PostgreSQL writer's chain, for one); the
     * request's {@code liveDb} and {@code archiveDb} are not used.
     *
     * @param live         the live store, open for writing.
     * @param archive      opens the archive (created if missing).
     * @param storeId      the live store as the receipt names it.
     * @param archiveId    the archive as the receipt names it.
     * @param archiveLabel the archive as the {@code audit.retention} event names it.
     * @return what happened.
     */
    public static Outcome enforce(
        final Request request,
        final AuditStore live,
        final Supplier<AuditStore> archive,
        final String storeId,
        final String archiveId,
        final String archiveLabel,
        final Supplier<AuditSigningKey> key,
        final Consumer<String> progress)
    {
        if (!request.dryRun())
        {
            recoverReceipts(live, request.receiptsFile(), progress);
        }
        final String cutoff = AuditTime.format(request.policy().cutoff(request.now()));
        final long through = live.lastExpired(cutoff);
        final ChainLink base = live.base();

        final Scan scan = new Scan(request.holds(), new HashSet<>(live.heldWrittenSince(cutoff)), progress);
        live.forEachInRange(1, through, scan);
        if (request.dryRun())
        {
            return new Outcome(true, cutoff, through, scan.deleted, scan.kept.size(), Math.max(0, through - base.sequence()),
                scan.firstSequence, scan.lastSequence, null);
        }

        final long archived = through > base.sequence() ? archive(live, archive, archiveId, base, through, scan, progress) : 0;
        final AuditSigningKey signingKey = key.get();
        final ChainLink newBase = through > base.sequence() ? new ChainLink(through, scan.throughHash) : base;
        final String receiptId = new AuditEventIds().next();
        final String line = SignedLine.sign(
            receipt(request, storeId, archiveId, receiptId, cutoff, through, scan, newBase, signingKey), signingKey);
        final long[] kept = scan.kept.stream().mapToLong(Long::longValue).toArray();
        final long deleted = live.removeExpired(through, kept, newBase, receiptId, line, scan.deleted,
            n -> progress.accept(String.format(Locale.ROOT, "retention: %,d of %,d events removed", n, scan.deleted)));
        SignedLog.append(request.receiptsFile(), line);
        live.append(List.of(AuditDraft.of(AuditCategory.AUDIT_RETENTION, AuditSeverity.WARNING)
            .actor(request.operator().startsWith("user:") ? request.operator() : "user:" + request.operator())
            .correlationId("receipt:" + receiptId)
            .message("retention (" + request.policy() + ") removed " + deleted + " events written before " + cutoff +
                (deleted > 0 ? " (sequences " + scan.firstSequence + ".." + scan.lastSequence + ")" : "") + ", kept " +
                scan.kept.size() + " under legal hold, after archiving them to " + archiveLabel +
                "; receipt " + receiptId + ": " + request.reason())
            .payload(new JsonObjectWriter().begin()
                .field("receipt_id", receiptId)
                .field("deleted", deleted)
                .field("held", scan.kept.size())
                .field("chain_base_sequence", newBase.sequence())
                .finish())));
        return new Outcome(false, cutoff, through, deleted, scan.kept.size(), archived,
            scan.firstSequence, scan.lastSequence, line);
    }

    private static long archive(
        final AuditStore live, final Supplier<AuditStore> openArchive, final String archiveDb, final ChainLink base,
        final long through, final Scan scan, final Consumer<String> progress)
    {
        try (AuditStore archive = openArchive.get())
        {
            final ChainLink archiveTail = archive.tail();
            if (archiveTail.sequence() < base.sequence())
            {
                throw new IllegalArgumentException("archive " + archiveDb + " ends at sequence " + archiveTail.sequence() +
                    " but the live store's chain starts after sequence " + base.sequence() + "; pass --archive with the archive " +
                    "that holds sequences 1.." + base.sequence());
            }
            if (base.sequence() > 0 && !base.hash().equals(archive.event(base.sequence()).hash()))
            {
                throw new IllegalArgumentException("archive " + archiveDb + " holds a different event at sequence " + base.sequence() +
                    " than the one the live store's chain starts after; it belongs to another audit store");
            }
            long copied = 0;
            for (long from = archiveTail.sequence() + 1; from <= through; from += COPY_CHUNK)
            {
                final List<AuditEvent> chunk = new ArrayList<>(COPY_CHUNK);
                live.forEachInRange(from, Math.min(through, from + COPY_CHUNK - 1), chunk::add);
                archive.appendArchived(chunk);
                copied += chunk.size();
                if (copied % PROGRESS_EVERY < COPY_CHUNK)
                {
                    progress.accept(String.format(Locale.ROOT, "retention: %,d events archived", copied));
                }
            }
            final AuditEvent atThrough = archive.event(through);
            if (atThrough == null || !atThrough.hash().equals(scan.throughHash))
            {
                throw new StoreException("archive " + archiveDb + " does not hold the live store's event " + through +
                    " after copying; nothing was removed");
            }
            return copied;
        }
    }

    private static String receipt(
        final Request request,
        final String storeId,
        final String archiveId,
        final String receiptId,
        final String cutoff,
        final long through,
        final Scan scan,
        final ChainLink newBase,
        final AuditSigningKey key)
    {
        final JsonObjectWriter json = new JsonObjectWriter().begin()
            .field("receipt_version", 2)
            .field("receipt_id", receiptId)
            .field("time", AuditTime.format(request.now()))
            .field("operator", request.operator())
            .field("reason", request.reason())
            .field("policy", request.policy().toString())
            .field("cutoff", cutoff)
            .field("cutoff_basis", "recorded_at")
            .field("store", storeId)
            .field("archive", archiveId)
            .field("through", through)
            .field("count", scan.deleted)
            .field("held", scan.kept.size());
        if (scan.deleted > 0)
        {
            json.field("first_sequence", scan.firstSequence)
                .field("last_sequence", scan.lastSequence)
                .field("first_hash", scan.firstHash)
                .field("last_hash", scan.lastHash);
        }
        return json
            .field("chain_base_sequence", newBase.sequence())
            .field("chain_base_hash", newBase.hash())
            .field("holds", request.holds().stream().map(LegalHold::toString).collect(Collectors.joining(";")))
            .field("key_id", AuditSigningKey.keyId(key.publicKey()))
            .field("public_key", Base64.getEncoder().encodeToString(key.publicKey().getEncoded()))
            .finish();
    }

    /**
     * Appends receipts the store recorded but the file lacks (a crash between commit and append).
     */
    private static void recoverReceipts(final AuditStore live, final Path receiptsFile, final Consumer<String> progress)
    {
        final Set<Object> written = new HashSet<>();
        for (final String line : SignedLog.lines(receiptsFile))
        {
            written.add(SignedLog.fields(line).get("receipt_id"));
        }
        live.receipts().forEach((id, line) ->
        {
            if (!written.contains(id))
            {
                SignedLog.append(receiptsFile, line);
                progress.accept("retention: receipt " + id + " was recorded in the store but missing from " +
                    receiptsFile.getFileName() + "; appended it");
            }
        });
    }

    /**
     * Walks the expired stretch once: which events go, which a hold keeps.
     */
    private static final class Scan implements Consumer<AuditEvent>
    {
        private final List<LegalHold> holds;
        private final Set<Long> youngBelowBase;
        private final Consumer<String> progress;
        private final List<Long> kept = new ArrayList<>();
        private long seen;
        private long deleted;
        private long firstSequence = -1;
        private long lastSequence = -1;
        private String firstHash;
        private String lastHash;
        private String throughHash;

        Scan(final List<LegalHold> holds, final Set<Long> youngBelowBase, final Consumer<String> progress)
        {
            this.holds = holds;
            this.youngBelowBase = youngBelowBase;
            this.progress = progress;
        }

        @Override
        public void accept(final AuditEvent e)
        {
            throughHash = e.hash();
            if (++seen % PROGRESS_EVERY == 0)
            {
                progress.accept(String.format(Locale.ROOT, "retention: %,d expired events examined", seen));
            }
            // Below the chain base an event may be younger than the cutoff if the policy grew longer since;
            // above it, everything through the expired stretch's end was written before the cutoff.
            boolean keep = youngBelowBase.contains(e.sequence());
            for (int i = 0; i < holds.size() && !keep; i++)
            {
                keep = holds.get(i).holds(e);
            }
            if (keep)
            {
                kept.add(e.sequence());
                return;
            }
            deleted++;
            if (firstSequence < 0)
            {
                firstSequence = e.sequence();
                firstHash = e.hash();
            }
            lastSequence = e.sequence();
            lastHash = e.hash();
        }
    }
}
