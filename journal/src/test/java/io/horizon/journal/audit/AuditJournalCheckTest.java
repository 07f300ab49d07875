package io.horizon.journal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.support.AuditRows;
import io.horizon.journal.support.TradingSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AuditJournalCheck} over a real trading session's journal: the flushed store matches it,
 * a row a tool appended is skipped, and an edited, deleted or inserted journal-derived row (with
 * the guards dropped) is named, even when the chain was recomputed so it still links.
 */
final class AuditJournalCheckTest
{
    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    @TempDir
    Path other;

    private Path db;

    @BeforeEach
    void tradeAndFlush() throws Exception
    {
        try (TradingSession session = new TradingSession(state, new PaperVenue(ref, 256),
            new RiskChain(RiskConfig.builder(RiskProfile.AGGRESSIVE).build())))
        {
            session.trade(3);
            session.control(ControlAction.KILL, 0, "user:alice: test");
            session.trade(1);
            session.control(ControlAction.RESET, 0, "user:alice: done");
            session.trade(1);
        }
        db = other.resolve(AuditStore.FILE_NAME);
        AuditRows.flushFresh(state, db, ref);
        try (AuditStore store = AuditStore.forFlusher(db))
        {
            store.append(java.util.List.of(AuditDraft.of(AuditCategory.DLQ_DISMISSED, AuditSeverity.INFO).actor("user:bob")
                .message("a tool's own row")));
        }
    }

    private AuditJournalCheck.Result check(final Path file)
    {
        try (AuditStore store = AuditStore.openExisting(file, SqliteFile.Access.READ))
        {
            return AuditJournalCheck.compare(state, AuditRows.mapping(ref), store, null);
        }
    }

    private Path tampered(final String... sql) throws Exception
    {
        final Path copy = other.resolve("tampered.db");
        Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement())
        {
            st.execute("DROP TRIGGER audit_events_no_update");
            st.execute("DROP TRIGGER audit_events_no_delete");
            st.execute("DROP TRIGGER audit_events_next_sequence");
            // Renumbered rows leave their wall times behind; an inserted one would need its own stamp.
            st.execute("DROP TRIGGER audit_events_recorded_at");
            for (final String s : sql)
            {
                st.execute(s);
            }
        }
        return copy;
    }

    private long sequenceOf(final String category) throws Exception
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT min(sequence) FROM audit_events WHERE category = '" + category + "'"))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldMatchTheFlushedStoreSkippingRowsNotFromTheJournal()
    {
        final AuditJournalCheck.Result r = check(db);
        assertNull(r.problem(), r.problem());
        assertTrue(r.matched() > 10, "rows matched: " + r.matched());
        assertEquals(1, r.skipped());
    }

    @Test
    void shouldNameAnEditedRow() throws Exception
    {
        final long kill = sequenceOf("control.received");
        final AuditJournalCheck.Result r = check(tampered("UPDATE audit_events SET actor = 'user:mallory' WHERE sequence = " + kill));
        assertEquals("EDITED: row " + kill + " differs from the journal: actor is 'user:mallory' but the journal gives 'user:alice'",
            r.problem());
    }

    @Test
    void shouldNameADeletedRow() throws Exception
    {
        final long fill = sequenceOf("order.filled");
        final AuditJournalCheck.Result r = check(tampered("DELETE FROM audit_events WHERE sequence = " + fill));
        assertTrue(r.problem().startsWith("DELETED: before row " + (fill + 1) + " the journal gives order.filled at "), r.problem());
    }

    @Test
    void shouldNameAnInsertedRow() throws Exception
    {
        final long fill = sequenceOf("order.filled");
        final AuditJournalCheck.Result r = check(tampered(
            "UPDATE audit_events SET sequence = sequence + 1000000 WHERE sequence > " + fill,
            "INSERT INTO audit_events SELECT event_id || 'x', " + (fill + 1) + ", timestamp, category, severity, actor, account_id, " +
                "client_id, venue_name, correlation_id, market_id, order_id, client_order_id, 'an extra fill', payload, prev_hash, hash " +
                "FROM audit_events WHERE sequence = " + fill));
        assertEquals("INSERTED: row " + (fill + 1) + " (order.filled at ", r.problem().substring(0, r.problem().indexOf("at ") + 3));
        assertTrue(r.problem().endsWith("is not derived from the journal"), r.problem());
    }
}
