package io.horizon.journal.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.retention.LegalHold;
import io.horizon.journal.retention.LegalHoldsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A legal hold keeps the journal records whose audit events it matches: the {@code journal:N}
 * correlation of each held event names the record.
 */
final class AuditLegalHoldsTest
{
    @TempDir
    Path dir;

    private static AuditDraft event(final String account, final String market, final String correlation)
    {
        return AuditDraft.of(AuditCategory.ORDER_SUBMITTED, AuditSeverity.INFO)
            .timestampNanos(1_700_000_000_000_000_000L)
            .actor("client")
            .accountId(account)
            .marketId(market)
            .correlationId(correlation)
            .message("order");
    }

    @Test
    void shouldFindTheJournalRecordsOfEventsAHoldMatches() throws Exception
    {
        try (AuditStore store = AuditStore.forFlusher(dir.resolve("audit.db")))
        {
            store.append(List.of(
                event("paper", "AAPL", "journal:3"),
                event("other", "AAPL", "journal:4"),
                event("paper", "MSFT", "journal:17"),
                event("paper", "MSFT", "secret:x"),
                event("other", "TSLA", "journal:30")));

            final long[] byAccount = new AuditLegalHolds(store, () -> List.of(LegalHold.parse("account=paper"))).heldInboundRecords();
            Arrays.sort(byAccount);
            assertArrayEquals(new long[]{3, 17}, byAccount);
            assertArrayEquals(new long[]{30}, new AuditLegalHolds(store, () -> List.of(LegalHold.parse("market=TSLA"))).heldInboundRecords());
            assertEquals(0, new AuditLegalHolds(store, List::of).heldInboundRecords().length);
        }
    }

    @Test
    void shouldReadHoldsFromAFileAndRefuseABadLine() throws Exception
    {
        final Path file = dir.resolve("holds.txt");
        Files.writeString(file, "# counsel, case 12\naccount=paper\n\nmarket=AAPL\n");
        assertEquals(List.of(LegalHold.parse("account=paper"), LegalHold.parse("market=AAPL")), LegalHoldsFile.read(file, "[journal] legal_holds_file"));

        Files.writeString(file, "account=paper\nparty=x\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> LegalHoldsFile.read(file, "[journal] legal_holds_file"));
        assertTrue(ex.getMessage().contains("holds.txt:2"), ex.getMessage());
    }
}
