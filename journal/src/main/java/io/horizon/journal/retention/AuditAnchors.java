package io.horizon.journal.retention;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.json.JsonObjectWriter;

/**
 * Signed daily anchors: for a finished UTC day, the sequence and hash of the last audit event
 * stamped that day or before, appended as a {@link SignedLine} to {@value #FILE_NAME}. The chain
 * alone cannot show that its tail was cut off; an anchor can: if the store ends before an anchored
 * sequence, or holds a different hash there, {@code horizon audit verify} says so. Keep a copy of
 * the anchors file away from the host (or send each line to a timestamping service) and it also
 * shows a chain rebuilt from scratch.
 * <p>
 * Stateless; one writer at a time per file.
 */
public final class AuditAnchors
{
    /** The anchors file, next to the audit store. */
    public static final String FILE_NAME = "audit_anchors.jsonl";

    /**
     * What {@link #anchor} did.
     *
     * @param line      the signed anchor.
     * @param sequence  the anchored sequence.
     * @param hash      its hash.
     * @param appended  false when the same anchor was already in the file.
     */
    public record Anchor(String line, long sequence, String hash, boolean appended)
    {
    }

    /**
     * What {@link #verify} found.
     *
     * @param anchors   anchors read.
     * @param checked   anchors whose sequence and hash matched the store.
     * @param archived  anchors of archived sequences that could not be checked here.
     * @param problems  what is wrong, one line each.
     */
    public record Verification(int anchors, int checked, int archived, List<String> problems)
    {
    }

    private AuditAnchors()
    {
    }

    /**
     * Anchors a finished UTC day.
     *
     * @param store   the live audit store.
     * @param file    the anchors file.
     * @param day     the day.
     * @param key     the signing key.
     * @param now     the time of the run.
     * @return the anchor.
     * @throws IllegalArgumentException when the day is not over, nothing was stamped by then, or
     *                                  an earlier anchor of the day disagrees with the store.
     */
    public static Anchor anchor(final AuditStore store, final Path file, final LocalDate day, final AuditSigningKey key, final Instant now)
    {
        final Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (end.isAfter(now))
        {
            throw new IllegalArgumentException(day + " is not over yet (UTC); anchor a finished day, e.g. --day " +
                now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1));
        }
        final AuditEvent last = store.lastBefore(AuditTime.format(end));
        if (last == null)
        {
            throw new IllegalArgumentException("the audit store holds no event stamped on or before " + day + "; nothing to anchor");
        }
        for (final String existing : SignedLog.lines(file))
        {
            final Map<String, Object> f = SignedLog.fields(existing);
            if (day.toString().equals(f.get("day")))
            {
                if (Long.valueOf(last.sequence()).equals(f.get("last_sequence")) && last.hash().equals(f.get("last_hash")))
                {
                    return new Anchor(existing, last.sequence(), last.hash(), false);
                }
                throw new IllegalArgumentException("the anchor of " + day + " in " + file + " names sequence " +
                    f.get("last_sequence") + " with hash " + f.get("last_hash") + ", but the store now ends that day at sequence " +
                    last.sequence() + " with hash " + last.hash() + ": the store changed after it was anchored; run horizon audit verify");
            }
        }
        final String unsigned = new JsonObjectWriter().begin()
            .field("anchor_version", 1)
            .field("day", day.toString())
            .field("last_sequence", last.sequence())
            .field("last_hash", last.hash())
            .field("last_timestamp", last.timestamp())
            .field("created_at", AuditTime.format(now))
            .field("store", store.name())
            .field("key_id", AuditSigningKey.keyId(key.publicKey()))
            .field("public_key", Base64.getEncoder().encodeToString(key.publicKey().getEncoded()))
            .finish();
        final String line = SignedLine.sign(unsigned, key);
        SignedLog.append(file, line);
        return new Anchor(line, last.sequence(), last.hash(), true);
    }

    /**
     * Signs the chain head as the daemon committed it: an interval anchor, appended to
     * {@code file} (forced to disk). Unlike a daily anchor it names no day; {@link #verify} treats
     * both alike.
     *
     * @param file      the anchors file, outside the state directory ({@link AnchorLocation}).
     * @param head      the last committed event (sequence and hash).
     * @param storeName the store's file name, e.g. {@code audit.db}.
     * @param key       the signing key.
     * @param now       the time of the anchor.
     * @return the signed line.
     * @throws io.horizon.journal.sqlite.StoreException naming the file when it cannot be written.
     */
    public static String anchorHead(
        final Path file, final ChainLink head, final String storeName, final AuditSigningKey key, final Instant now)
    {
        final String unsigned = new JsonObjectWriter().begin()
            .field("anchor_version", 1)
            .field("last_sequence", head.sequence())
            .field("last_hash", head.hash())
            .field("created_at", AuditTime.format(now))
            .field("store", storeName)
            .field("key_id", AuditSigningKey.keyId(key.publicKey()))
            .field("public_key", Base64.getEncoder().encodeToString(key.publicKey().getEncoded()))
            .finish();
        final String line = SignedLine.sign(unsigned, key);
        SignedLog.append(file, line);
        return line;
    }

    /**
     * Checks every anchor: its signature, and that the store (or, for archived sequences, the
     * archive) still holds the anchored hash at the anchored sequence.
     *
     * @param store   the audit store.
     * @param archive the archive, or null when there is none.
     * @param file    the anchors file.
     * @param pinned  the key an auditor trusts, or null.
     * @return what was found.
     */
    public static Verification verify(final AuditStore store, final AuditStore archive, final Path file, final PublicKey pinned)
    {
        final List<String> problems = new ArrayList<>(SignedLog.verify(file, pinned));
        final List<String> lines = SignedLog.lines(file);
        final ChainLink tail = store.tail();
        final ChainLink base = store.base();
        int checked = 0;
        int archived = 0;
        for (final String line : lines)
        {
            final Map<String, Object> f = SignedLog.fields(line);
            final Object day = f.get("day") != null ? f.get("day") : "the chain head at " + f.get("created_at");
            if (!(f.get("last_sequence") instanceof Long) || !(f.get("last_hash") instanceof String))
            {
                problems.add("anchor of " + day + " has no sequence and hash");
                continue;
            }
            final long sequence = (Long)f.get("last_sequence");
            final String hash = (String)f.get("last_hash");
            if (sequence > tail.sequence())
            {
                problems.add("tail truncated: the anchor of " + day + " names sequence " + sequence +
                    " but the store ends at sequence " + tail.sequence());
                continue;
            }
            final AuditEvent event = store.event(sequence);
            final String found = event != null ? event.hash() :
                sequence == base.sequence() ? base.hash() :
                archive != null && archive.event(sequence) != null ? archive.event(sequence).hash() : null;
            if (found == null)
            {
                if (sequence <= base.sequence())
                {
                    archived++;
                    continue;
                }
                problems.add("sequence " + sequence + " of the anchor of " + day + " is missing from the store");
            }
            else if (!found.equals(hash))
            {
                problems.add("sequence " + sequence + " has hash " + found + " but the anchor of " + day + " says " + hash +
                    ": the chain was rewritten after it was anchored");
            }
            else
            {
                checked++;
            }
        }
        return new Verification(lines.size(), checked, archived, problems);
    }
}
