package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqIds;
import io.horizon.journal.dlq.DlqStore;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code horizon dlq show}: every field of one dead letter.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Show every field of one dead letter, with the full error and the command kept for redrive.",
        "",
        "Example:",
        "  horizon dlq show dlq_00000000000004d2",
        "",
        "Options:"
    })
public final class DlqShowCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DLQ_ID", description = "The entry, e.g. dlq_00000000000004d2.")
    String dlqId;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Override
    public Integer call()
    {
        store.requireConsistent();
        DlqIds.require(dlqId);
        final DlqEntry e;
        final String where;
        try (DlqStore queue = store.postgres ?
            PostgresDlqStore.openExisting(store.postgresTarget().forWriter(store.requireWriter("dlq show"))) :
            DlqStore.openExisting(store.file(DlqStore.FILE_NAME), SqliteFile.Access.READ))
        {
            e = queue.get(dlqId);
            where = queue.location();
        }
        if (e == null)
        {
            throw new IllegalArgumentException("no dead letter " + dlqId + " in " + where + "; list them with horizon dlq list --all");
        }
        row("dlq_id", e.dlqId());
        row("captured_at", e.capturedAt());
        row("source", e.source());
        row("venue_name", e.venueName());
        row("account_id", e.accountId());
        row("market_id", e.marketId());
        row("side", e.side());
        row("quantity", e.quantity());
        row("order_type", e.orderType());
        row("price", e.price());
        row("client_order_id", e.clientOrderId());
        row("order_id", e.orderId());
        row("error", e.error());
        row("retry_count", Integer.toString(e.retryCount()));
        row("dismissed", e.dismissed() ? "yes, at " + e.dismissedAt() + " by " + e.dismissedBy() + ": " + e.dismissedReason() : "no");
        row("last_redrive", e.lastRedriveAt() == null ? null : e.lastRedriveAt() + " as " + e.lastRedriveClientOrderId());
        row("journal_output", Long.toString(e.journalOutput()));
        row("action_json", e.actionJson());
        final String why = e.action().whyNotRedrivable();
        row("redrive", e.dismissed() ? "no: dismissed" : why == null ? "possible: horizon dlq redrive " + e.dlqId() : "no: " + why);
        return 0;
    }

    private static void row(final String name, final String value)
    {
        System.out.printf("%-16s %s%n", name, value == null ? "-" : value);
    }

    /**
     * @return the order in a few words, e.g. {@code BUY 10 AAPL LIMIT @ 190.01}.
     */
    static String order(final DlqEntry e)
    {
        if (e.side() == null)
        {
            return e.marketId() == null ? "-" : e.marketId();
        }
        return e.side() + " " + e.quantity() + " " + e.marketId() + " " + e.orderType() + (e.price() == null ? "" : " @ " + e.price());
    }
}
