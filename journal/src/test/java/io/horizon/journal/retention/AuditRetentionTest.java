package io.horizon.journal.retention;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainVerification;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.support.AuditWrittenAt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention with legal holds on real SQLite files: expired events go to the archive and only then
 * leave the live store, both chains verify, holds keep what they name, and every run leaves a
 * signed receipt that verifies.
 */
final class AuditRetentionTest
{
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final long OLD = Instant.parse("2019-03-01T09:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long RECENT = Instant.parse("2026-11-28T09:00:00Z").getEpochSecond() * 1_000_000_000L;

    @TempDir
    Path dir;

    private Path live;
    private Path archive;
    private Path receipts;
    private final AuditSigningKey key = AuditSigningKey.generate();
    private final List<String> progress = new ArrayList<>();
    private List<AuditEvent> written;

    @BeforeEach
    void fill()
    {
        live = dir.resolve(AuditStore.FILE_NAME);
        archive = dir.resolve(AuditStore.ARCHIVE_FILE_NAME);
        receipts = dir.resolve(AuditRetention.RECEIPTS_FILE);
        final List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 12; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_FILLED, AuditSeverity.INFO)
                .timestampNanos(OLD + i * 60_000_000_000L)
                .accountId(i % 4 == 0 ? "held-account" : "paper")
                .marketId(i == 5 ? "MSFT" : "AAPL")
                .message("old fill " + i));
        }
        for (int i = 0; i < 4; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_SUBMITTED, AuditSeverity.INFO)
                .timestampNanos(RECENT + i * 1_000_000_000L).accountId("paper").marketId("AAPL").message("recent " + i));
        }
        try (AuditStore store = AuditStore.forFlusher(live))
        {
            written = store.append(drafts);
        }
        // A live state: each event was written when it happened.
        AuditWrittenAt.asStamped(live);
    }

    private AuditRetention.Outcome enforce(final String keep, final boolean dryRun, final LegalHold... holds)
    {
        return AuditRetention.enforce(new AuditRetention.Request(live, archive, receipts, RetentionPolicy.parse(keep),
            List.of(holds), "alice", "7-year policy R-12", dryRun, NOW), () -> key, progress::add);
    }

    private static ChainVerification verify(final Path db)
    {
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            return store.verify(n -> { });
        }
    }

    private static List<Long> sequences(final Path db)
    {
        final List<Long> sequences = new ArrayList<>();
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
        {
            store.forEach(AuditQuery.ALL, e -> sequences.add(e.sequence()));
        }
        return sequences;
    }

    @Test
    void shouldArchiveThenRemoveExpiredEventsKeepingHeldOnesWithASignedReceipt()
    {
        final String heldEvent = written.get(7).eventId();

        final AuditRetention.Outcome outcome = enforce("1y", false,
            LegalHold.parse("account=held-account"), LegalHold.parse("event=" + heldEvent), LegalHold.parse("market=MSFT"));

        assertEquals(12, outcome.through());
        assertEquals(List.of(1L, 5L, 6L, 8L, 9L, 13L, 14L, 15L, 16L, 17L), sequences(live),
            "held (1, 5, 9 by account; 6 by market; 8 by event id), the recent four, and the retention event itself");
        assertEquals(7, outcome.deleted());
        assertEquals(5, outcome.held());
        assertEquals(2, outcome.firstSequence());
        assertEquals(12, outcome.lastSequence());

        final ChainVerification archived = verify(archive);
        assertTrue(archived.verified(), archived.summary());
        assertEquals("chain verified: 12 events, sequences 1..12", archived.summary(), "the archive holds every expired event");
        final ChainVerification remaining = verify(live);
        assertTrue(remaining.verified(), remaining.summary());
        assertEquals("chain verified: 5 events, sequences 13..17", remaining.summary());
        assertEquals(5, remaining.held());
        assertEquals(12, remaining.base().sequence());

        final List<String> lines = SignedLog.lines(receipts);
        assertEquals(1, lines.size());
        assertEquals(List.of(), SignedLog.verify(receipts, key.publicKey()), "the receipt's signature verifies with the pinned key");
        final Map<String, Object> receipt = SignedLog.fields(lines.get(0));
        assertEquals("alice", receipt.get("operator"));
        assertEquals("7-year policy R-12", receipt.get("reason"));
        assertEquals("1y", receipt.get("policy"));
        assertEquals(7L, receipt.get("count"));
        assertEquals(2L, receipt.get("first_sequence"));
        assertEquals(12L, receipt.get("last_sequence"));
        assertEquals(written.get(1).hash(), receipt.get("first_hash"));
        assertEquals(written.get(11).hash(), receipt.get("last_hash"));
        assertEquals("2026-11-29T12:00:00.000000000Z", receipt.get("time"));

        final AuditEvent audited;
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ))
        {
            audited = store.event(17);
        }
        assertEquals("audit.retention", audited.category());
        assertEquals("user:alice", audited.actor());
    }

    /** A state written now from a market data file of a year ago: engine time is the recorded day. */
    private Path stateFromAYearOldFile(final String name, final Instant now)
    {
        final Path db = dir.resolve(name).resolve(AuditStore.FILE_NAME);
        final long yearAgo = now.minus(Duration.ofDays(365)).getEpochSecond() * 1_000_000_000L;
        final List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_FILLED, AuditSeverity.INFO)
                .timestampNanos(yearAgo + i * 1_000_000_000L).accountId("paper").marketId("AAPL").message("recorded fill " + i));
        }
        try (AuditStore store = AuditStore.forFlusher(db))
        {
            store.append(drafts);
        }
        return db;
    }

    private AuditRetention.Outcome enforce(final Path db, final String keep, final Instant now)
    {
        return AuditRetention.enforce(new AuditRetention.Request(db, db.resolveSibling(AuditStore.ARCHIVE_FILE_NAME),
            db.resolveSibling(AuditRetention.RECEIPTS_FILE), RetentionPolicy.parse(keep), List.of(), "alice", "30-day policy",
            false, now), () -> key, progress::add);
    }

    @Test
    void shouldNotCutAStateWrittenTodayFromAYearOldRecordedFileByItsRecordedTime()
    {
        final Instant now = Instant.now();
        final Path db = stateFromAYearOldFile("replayed", now);

        final AuditRetention.Outcome outcome = enforce(db, "30d", now);

        assertEquals(0, outcome.deleted(), "written today: not expired, whatever day the data was recorded on");
        assertEquals(0, outcome.through());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sequences(db), "the five recorded rows and the run's own event");
        assertEquals("recorded_at", SignedLog.fields(SignedLog.lines(db.resolveSibling(AuditRetention.RECEIPTS_FILE)).get(0))
            .get("cutoff_basis"));
    }

    @Test
    void shouldCutTheSameRowsOnceTheyWereWrittenLongerAgoThanTheRetention()
    {
        final Instant now = Instant.now();
        final Path db = stateFromAYearOldFile("replayed", now);

        final AuditRetention.Outcome outcome = enforce(db, "30d", now.plus(Duration.ofDays(31)));

        assertEquals(5, outcome.deleted(), "31 days after the replay its rows were written more than 30 days ago");
        assertTrue(verify(db).verified(), verify(db).summary());
    }

    @Test
    void shouldCutALiveStatesOldRowsWrittenWhenTheyHappened()
    {
        final Instant now = Instant.now();
        final Path db = stateFromAYearOldFile("live", now);
        AuditWrittenAt.asStamped(db);

        final AuditRetention.Outcome outcome = enforce(db, "30d", now);

        assertEquals(5, outcome.deleted());
        assertEquals(List.of(6L), sequences(db), "only the run's own event is left");
    }

    @Test
    void shouldJudgeEventsStoredBeforeRecordedAtWasKeptByTheirTimestamp()
    {
        final Instant now = Instant.now();
        final Path db = stateFromAYearOldFile("schema2", now);
        AuditWrittenAt.unknown(db);

        final AuditRetention.Outcome outcome = enforce(db, "30d", now);

        assertEquals(5, outcome.deleted(), "every release before schema 3 stamped events from the wall clock");
        assertTrue(verify(db).verified(), verify(db).summary());
    }

    @Test
    void shouldKeepAHeldEventBelowTheBaseWhileItWasWrittenWithinTheLongerPolicy()
    {
        final Instant now = Instant.now();
        final Path db2 = stateFromAYearOldFile("held", now);
        AuditRetention.enforce(new AuditRetention.Request(db2, db2.resolveSibling(AuditStore.ARCHIVE_FILE_NAME),
            db2.resolveSibling(AuditRetention.RECEIPTS_FILE), RetentionPolicy.parse("30d"),
            List.of(LegalHold.parse("market=AAPL")), "alice", "hold", false, now.plus(Duration.ofDays(31))), () -> key, progress::add);
        assertEquals(5, sequences(db2).stream().filter(s -> s <= 5).count(), "held below the base");

        final AuditRetention.Outcome longer = enforce(db2, "400d", now.plus(Duration.ofDays(32)));

        assertEquals(0, longer.deleted(), "written 32 days ago: the 400-day policy keeps them though the hold is lifted");
        assertEquals(5, longer.held());
    }

    @Test
    void shouldChangeNothingOnADryRun() throws Exception
    {
        final AuditRetention.Outcome outcome = enforce("1y", true, LegalHold.parse("account=held-account"));

        assertTrue(outcome.dryRun());
        assertEquals(9, outcome.deleted());
        assertEquals(3, outcome.held());
        assertNull(outcome.receiptLine());
        assertEquals(16, sequences(live).size());
        assertFalse(Files.exists(archive));
        assertFalse(Files.exists(receipts));
    }

    @Test
    void shouldRemoveOnceHeldEventsWhenTheHoldIsLiftedAndKeepBothChainsVerifying()
    {
        enforce("1y", false, LegalHold.parse("account=held-account"));
        final AuditRetention.Outcome second = enforce("1y", false);

        assertEquals(3, second.deleted(), "the three held events, archived by the first run, go now");
        assertEquals(0, second.archived());
        assertEquals(List.of(13L, 14L, 15L, 16L, 17L, 18L), sequences(live));
        assertTrue(verify(live).verified(), verify(live).summary());
        assertTrue(verify(archive).verified(), verify(archive).summary());
        assertEquals(2, SignedLog.lines(receipts).size());
        assertEquals(List.of(), SignedLog.verify(receipts, key.publicKey()));
    }

    @Test
    void shouldDetectAnAlteredReceiptAndAForeignKey() throws Exception
    {
        enforce("1y", false);
        final String line = SignedLog.lines(receipts).get(0);
        Files.writeString(receipts, line.replace("\"count\":12", "\"count\":1") + "\n", StandardCharsets.UTF_8);

        final List<String> altered = SignedLog.verify(receipts, null);
        assertEquals(1, altered.size());
        assertTrue(altered.get(0).contains("signature does not match its content"), altered.get(0));

        Files.writeString(receipts, line + "\n", StandardCharsets.UTF_8);
        final List<String> foreign = SignedLog.verify(receipts, AuditSigningKey.generate().publicKey());
        assertTrue(foreign.get(0).contains("not the pinned key"), foreign.get(0));
    }

    @Test
    void shouldWriteAReceiptRecordedInTheStoreButMissingFromTheFile() throws Exception
    {
        enforce("1y", false);
        final String first = SignedLog.lines(receipts).get(0);
        Files.delete(receipts);

        enforce("1y", false);

        final List<String> lines = SignedLog.lines(receipts);
        assertEquals(2, lines.size());
        assertEquals(first, lines.get(0), "the lost receipt was appended again, exactly as signed");
        assertTrue(progress.stream().anyMatch(p -> p.contains("missing from destruction.jsonl")), progress.toString());
    }

    @Test
    void shouldAccountForTheChainBaseOnlyWithAReceiptSignedByThePinnedKey() throws SQLException
    {
        enforce("1y", false, LegalHold.parse("market=MSFT"));
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ))
        {
            final RetentionReceipts.Verification ok = RetentionReceipts.verify(store, key.publicKey());
            assertEquals(List.of(), ok.problems());
            assertEquals(1, ok.receipts());
            final List<String> foreign = RetentionReceipts.verify(store, AuditSigningKey.generate().publicKey()).problems();
            assertEquals(1, foreign.size(), foreign::toString);
            assertTrue(foreign.get(0).contains("not the pinned key"), foreign::toString);
        }
        final long base;
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ))
        {
            base = store.base().sequence();
        }
        try (Connection c = SqliteFile.connect(live, SqliteFile.Access.WRITE, 1000, true); Statement st = c.createStatement())
        {
            // With the file in hand: drop the guards, delete a held event and move the base on.
            for (final String trigger : List.of("audit_events_no_delete", "audit_meta_guard_update"))
            {
                st.execute("DROP TRIGGER " + trigger);
            }
            st.execute("DELETE FROM audit_events WHERE sequence = (SELECT min(sequence) FROM audit_events)");
            try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ))
            {
                final List<String> problems = RetentionReceipts.verify(store, key.publicKey()).problems();
                assertEquals(1, problems.size(), problems::toString);
                assertTrue(problems.get(0).contains("held events were removed without a receipt"), problems::toString);
            }
            st.execute("UPDATE audit_meta SET value = '" + (base + 1) + "' WHERE key = 'chain_base_sequence'");
        }
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ))
        {
            final List<String> problems = RetentionReceipts.verify(store, key.publicKey()).problems();
            assertTrue(problems.get(0).contains("the chain starts after sequence " + (base + 1) + " (hash ") &&
                problems.get(0).contains("the chain base was moved without a receipt"), problems::toString);
        }
    }

    @Test
    void shouldCloseTheRetentionGateSoDeletesAreRefusedAgainAfterARun() throws SQLException
    {
        enforce("1y", false);
        try (Connection c = SqliteFile.connect(live, SqliteFile.Access.WRITE, 1000, true); Statement st = c.createStatement())
        {
            final SQLException refused = assertThrows(SQLException.class, () -> st.execute("DELETE FROM audit_events WHERE sequence = 14"));
            assertTrue(refused.getMessage().contains("DELETE is refused"), refused.getMessage());
            try (java.sql.ResultSet rs = st.executeQuery("SELECT delete_through FROM audit_retention_gate"))
            {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    @Test
    void shouldRefuseRetentionOfZeroOrNegativeLengthNamingTheValue()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parse("0d"));
        assertTrue(zero.getMessage().startsWith("a retention of '0d' is not allowed"), zero.getMessage());
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parse("-2y"));
        assertTrue(negative.getMessage().startsWith("a retention of '-2y' is not allowed"), negative.getMessage());
        final IllegalArgumentException words = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parse("forever"));
        assertTrue(words.getMessage().startsWith("'forever' is not a retention period"), words.getMessage());
        assertEquals(Instant.parse("2019-11-29T12:00:00Z"), RetentionPolicy.parse("7y").cutoff(NOW));
        assertEquals(Instant.parse("2026-11-19T12:00:00Z"), RetentionPolicy.parse("10 days").cutoff(NOW));
        final IllegalArgumentException hold = assertThrows(IllegalArgumentException.class, () -> LegalHold.parse("desk=fx"));
        assertTrue(hold.getMessage().startsWith("'desk' is not a kind of legal hold"), hold.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AuditRetention.Request(live, archive, receipts,
            RetentionPolicy.parse("7y"), List.of(), "alice", " ", false, NOW));
    }

    @Test
    void shouldAnchorADayAndDetectATruncatedTail() throws Exception
    {
        final Path anchors = dir.resolve(AuditAnchors.FILE_NAME);
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.WRITE))
        {
            final AuditAnchors.Anchor anchor = AuditAnchors.anchor(store, anchors, LocalDate.parse("2026-11-28"), key, NOW);
            assertEquals(16, anchor.sequence());
            assertTrue(anchor.appended());
            assertFalse(AuditAnchors.anchor(store, anchors, LocalDate.parse("2026-11-28"), key, NOW).appended(), "idempotent");
            assertEquals(12, AuditAnchors.anchor(store, anchors, LocalDate.parse("2019-03-01"), key, NOW).sequence());
            assertThrows(IllegalArgumentException.class,
                () -> AuditAnchors.anchor(store, anchors, LocalDate.parse("2026-11-29"), key, NOW), "the day is not over");
            assertThrows(IllegalArgumentException.class,
                () -> AuditAnchors.anchor(store, anchors, LocalDate.parse("2010-01-01"), key, NOW), "nothing to anchor");

            final AuditAnchors.Verification ok = AuditAnchors.verify(store, null, anchors, key.publicKey());
            assertEquals(List.of(), ok.problems());
            assertEquals(2, ok.checked());
        }

        try (Connection c = SqliteFile.connect(live, SqliteFile.Access.WRITE, 1000, true); Statement st = c.createStatement())
        {
            st.execute("DROP TRIGGER audit_events_no_delete");
            st.execute("DELETE FROM audit_events WHERE sequence > 14");
        }
        try (AuditStore store = AuditStore.openExisting(live, SqliteFile.Access.READ))
        {
            assertTrue(store.verify(n -> { }).verified(), "the cut chain itself still verifies");
            final AuditAnchors.Verification cut = AuditAnchors.verify(store, null, anchors, key.publicKey());
            assertEquals(1, cut.problems().size());
            assertEquals("tail truncated: the anchor of 2026-11-28 names sequence 16 but the store ends at sequence 14",
                cut.problems().get(0));
        }
    }
}
