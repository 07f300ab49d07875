package io.horizon.journal.retention;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainLink;

/**
 * Checks what the live store's chain base relies on: the retention receipts recorded in the store
 * itself. Every receipt must carry a valid signature (by the pinned key, when one is given); the
 * newest must name the store's chain base exactly; and the store must hold exactly the events that
 * receipt says were kept under legal hold at or below it. A chain base moved without a receipt
 * (events 1..N deleted and {@code audit_meta} edited), or a receipt forged to open the retention
 * gate, fails here.
 * <p>
 * Stateless; any thread.
 */
public final class RetentionReceipts
{
    /**
     * What {@link #verify} found.
     *
     * @param receipts receipts recorded in the store.
     * @param problems what is wrong, one line each; empty when the base is accounted for.
     */
    public record Verification(int receipts, List<String> problems)
    {
    }

    private RetentionReceipts()
    {
    }

    /**
     * @param store  the live store.
     * @param pinned the key receipts must be signed with, or null to accept the key each carries.
     * @return what was found.
     */
    public static Verification verify(final AuditStore store, final PublicKey pinned)
    {
        final List<String> problems = new ArrayList<>();
        final Map<String, String> receipts = store.receipts();
        String newest = null;
        String newestId = null;
        for (final Map.Entry<String, String> receipt : receipts.entrySet())
        {
            final String problem = SignedLine.problem(receipt.getValue(), pinned);
            if (problem != null)
            {
                problems.add("retention receipt " + receipt.getKey() + " recorded in " + store.name() + ": " + problem);
            }
            newest = receipt.getValue();
            newestId = receipt.getKey();
        }
        final ChainLink base = store.base();
        if (newest == null)
        {
            if (!base.equals(ChainLink.GENESIS))
            {
                problems.add("the chain starts after sequence " + base.sequence() + " but " + store.name() +
                    " records no destruction receipt for it: events up to " + base.sequence() +
                    " were removed outside horizon audit enforce-retention");
            }
            return new Verification(0, problems);
        }
        final Map<String, Object> f = SignedLog.fields(newest);
        final Object sequence = f.get("chain_base_sequence");
        final Object hash = f.get("chain_base_hash");
        if (!Long.valueOf(base.sequence()).equals(sequence) || !base.hash().equals(hash))
        {
            problems.add("the chain starts after sequence " + base.sequence() + " (hash " + base.hash() + ") but the newest " +
                "destruction receipt " + newestId + " says sequence " + sequence + " (hash " + hash + "): the chain base was moved " +
                "without a receipt");
        }
        final Object held = f.get("held");
        final long holding = store.heldCount();
        if (held instanceof Long && (Long)held != holding)
        {
            problems.add("the newest destruction receipt " + newestId + " kept " + held + " events under legal hold at or below " +
                "the chain base, but the store holds " + holding + " there: held events were removed without a receipt");
        }
        return new Verification(receipts.size(), problems);
    }
}
