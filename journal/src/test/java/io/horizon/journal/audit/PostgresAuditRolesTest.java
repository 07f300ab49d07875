package io.horizon.journal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.retention.AuditRetention;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.LegalHold;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.retention.RetentionReceipts;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.support.PostgresTestServer;
import org.junit.jupiter.api.Test;

import static io.horizon.journal.audit.AuditStoreTest.drafts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The roles and grants deploy/postgres documents, applied to a real server: the schema's owner
 * upgrades it, a daemon connected as horizon_writer appends but can neither change nor remove an
 * event nor switch a guard off, and only horizon_retention removes events, through the one function.
 */
final class PostgresAuditRolesTest
{
    private static String script(final String name) throws Exception
    {
        return Files.readString(Path.of("..", "deploy", "postgres", name));
    }

    private static void assertDenied(final PostgresTarget target, final String role, final String expected, final String sql)
    {
        final SQLException ex = assertThrows(SQLException.class, () -> PostgresTestServer.sqlAs(target, role, sql));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Test
    void shouldLetTheDaemonsRoleOnlyAppendAndTheRetentionRoleOnlyRemoveThroughTheFunction() throws Exception
    {
        final PostgresTarget db = PostgresTestServer.newDatabase(null);
        PostgresTestServer.sql(db, script("roles.sql"),
            "ALTER ROLE horizon_owner PASSWORD 'horizon_owner'", "ALTER ROLE horizon_writer PASSWORD 'horizon_writer'",
            "ALTER ROLE horizon_retention PASSWORD 'horizon_retention'");
        final PostgresTarget owner = new PostgresTarget(db.url(), "horizon_owner", "horizon_owner", null);
        final PostgresTarget writer = new PostgresTarget(db.url(), "horizon_writer", "horizon_writer", "desk-a");
        final PostgresTarget retention = new PostgresTarget(db.url(), "horizon_retention", "horizon_retention", "desk-a");

        final StoreAndError beforeUpgrade = StoreAndError.claim(writer);
        assertTrue(beforeUpgrade.error.contains("may not change the schema") &&
            beforeUpgrade.error.contains("horizon audit schema-upgrade"), beforeUpgrade.error);
        assertEquals(6, PostgresAuditStore.upgradeSchema(owner));
        PostgresTestServer.sql(db, script("grants.sql"));

        final List<AuditEvent> events;
        try (PostgresAuditStore daemon = PostgresAuditStore.forFlusher(writer))
        {
            daemon.claimWriter();
            events = daemon.appendFromJournal("journal", JournalPosition.START, new JournalPosition(4, 2), drafts(6, 0));
            assertEquals(6, events.size());
        }
        assertDenied(writer, "horizon_writer", "permission denied", "UPDATE audit_events SET message = 'x'");
        assertDenied(writer, "horizon_writer", "permission denied", "DELETE FROM audit_events");
        assertDenied(writer, "horizon_writer", "must be owner", "ALTER TABLE audit_events DISABLE TRIGGER USER");
        assertDenied(writer, "horizon_writer", "must be owner", "DROP TRIGGER audit_events_no_update ON audit_events");
        assertDenied(writer, "horizon_writer", "permission denied for function",
            "SELECT horizon_audit_remove_expired('desk-a', 'r', '{}', 6, NULL, 6, 'x', 6)");
        assertDenied(retention, "horizon_retention", "permission denied", "DELETE FROM audit_events");

        // Retention as horizon_retention: archive, signed receipt, removal through the function, its own event.
        final AuditSigningKey key = AuditSigningKey.generate();
        final Path receipts = Files.createTempDirectory("receipts").resolve(AuditRetention.RECEIPTS_FILE);
        final AuditRetention.Request request = new AuditRetention.Request(null, null, receipts, RetentionPolicy.parse("1d"),
            List.of(LegalHold.parse("event=" + events.get(1).eventId())), "alice", "policy R-12", false,
            Instant.now().plus(Duration.ofDays(2)));
        try (PostgresAuditStore live = PostgresAuditStore.openExisting(retention))
        {
            final AuditRetention.Outcome o = AuditRetention.enforce(request, live, () -> PostgresAuditStore.openArchive(retention),
                live.location(), "archive of desk-a", "archive of desk-a", () -> key, line -> { });
            assertEquals(5, o.deleted());
            assertEquals(1, o.held());
            final ChainVerification v = live.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(1, v.chained(), "only retention's own audit.retention event follows the new base");
            assertEquals(1, v.held());
            assertEquals(List.of(), RetentionReceipts.verify(live, key.publicKey()).problems());
            assertEquals(List.of(), live.guardProblems());
        }
        try (PostgresAuditStore archive = PostgresAuditStore.openExistingArchive(retention))
        {
            final ChainVerification v = archive.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(6, v.chained());
        }
    }

    /** A daemon's start against a database its role cannot upgrade: the refusal, as the operator reads it. */
    private record StoreAndError(String error)
    {
        static StoreAndError claim(final PostgresTarget target)
        {
            try (PostgresAuditStore store = PostgresAuditStore.forFlusher(target))
            {
                store.claimWriter();
                return new StoreAndError("claimed");
            }
            catch (final RuntimeException ex)
            {
                return new StoreAndError(ex.getMessage());
            }
        }
    }
}
