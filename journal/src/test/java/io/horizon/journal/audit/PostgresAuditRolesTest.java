package io.horizon.journal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import io.horizon.journal.flush.JournalPosition;
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
        assertEquals(1, PostgresAuditStore.upgradeSchema(owner));
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

        final AuditEvent base = events.get(2);
        try (PostgresAuditStore live = PostgresAuditStore.openExisting(retention);
            PostgresAuditStore archive = PostgresAuditStore.openArchive(retention))
        {
            archive.appendArchived(events.subList(0, 3));
            final String receipt = "{\"through\":3,\"chain_base_sequence\":3,\"chain_base_hash\":\"" + base.hash() + "\"}";
            assertEquals(3, live.removeExpired(3, new long[0], new ChainLink(3, base.hash()), "r1", receipt, 3, n -> { }));
            final ChainVerification v = live.verify(n -> { });
            assertTrue(v.verified(), v.summary());
            assertEquals(3, v.chained());
            assertTrue(archive.verify(n -> { }).verified());
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
