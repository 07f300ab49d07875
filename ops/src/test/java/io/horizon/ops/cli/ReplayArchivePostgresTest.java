package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.horizon.journal.JournalDirectory;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.lifecycle.CycleAuditEvent;
import io.horizon.journal.lifecycle.CycleFile;
import io.horizon.journal.lifecycle.LedgerEntry;
import io.horizon.journal.lifecycle.LifecycleLedger;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.support.PostgresTestServer;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay --archive DIR} for a daemon whose audit log is in PostgreSQL: the journal
 * lifecycle ledger is checked against that writer's {@code journal.cycle_*} events in PostgreSQL,
 * as it is against {@code audit.db} for SQLite, so the whole journal reads back, and a ledger line
 * PostgreSQL does not vouch for is refused even when a stale {@code audit.db} in the state would.
 * Runs on the embedded PostgreSQL server the store tests start.
 */
final class ReplayArchivePostgresTest
{
    private static final String WRITER = "desk-r";
    private static final String DAY3 = "20200303F.cq4";

    @TempDir
    Path dir;

    private Path state;
    private Path archive;
    private PostgresTarget target;

    @BeforeEach
    void archiveTheFirstTwoDaysWithTheirEventsInPostgres() throws Exception
    {
        state = dir.resolve("state");
        archive = dir.resolve("archive");
        target = PostgresTestServer.newDatabase(WRITER);
        Files.createDirectories(state);
        // What the daemon records once its PostgreSQL audit backend is open.
        Files.writeString(state.resolve("audit-backend"), "postgres " + WRITER + "\n");
        Files.writeString(state.resolve("credentials.env"), credentialsFor(target));
        Files.setPosixFilePermissions(state.resolve("credentials.env"), PosixFilePermissions.fromString("rw-------"));
        try (PostgresAuditStore audit = PostgresAuditStore.forFlusher(target))
        {
            audit.claimWriter();
            ArchivedTwoDays.write(state, archive, audit);
        }
    }

    private static String credentialsFor(final PostgresTarget target)
    {
        return "audit.postgres_url=" + target.url() + "\naudit.postgres_user=" + target.user() +
            "\naudit.postgres_password=" + target.password() + "\n";
    }

    @Test
    void shouldReadTheWholeJournalWhenThePostgresAuditLogVouchesForEveryLedgerLine()
    {
        assertFalse(Files.exists(state.resolve(AuditStore.FILE_NAME)), "no audit.db: the daemon writes to PostgreSQL");

        final Result whole = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--inputs-only", "--json");

        assertEquals(0, whole.exitCode(), whole::toString);
        assertEquals(40, whole.output().lines().filter(l -> l.startsWith("{")).count(), whole::toString);
    }

    @Test
    void shouldTakeThePostgresCredentialsFromTheFileCredentialsNamesOverTheStatesOwn() throws Exception
    {
        // The operator's file names the real database; the state's own names one where nothing listens.
        final Path named = dir.resolve("operator-credentials.env");
        Files.move(state.resolve("credentials.env"), named);
        Files.writeString(state.resolve("credentials.env"), "audit.postgres_url=jdbc:postgresql://127.0.0.1:1/nowhere\n");
        Files.setPosixFilePermissions(state.resolve("credentials.env"), PosixFilePermissions.fromString("rw-------"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(named)));

        final Result whole = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--credentials", named.toString(), "--inputs-only", "--json");

        assertEquals(0, whole.exitCode(), whole::toString);
        assertEquals(40, whole.output().lines().filter(l -> l.startsWith("{")).count(), whole::toString);

        final Result stateOwn = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--inputs-only", "--json");
        assertEquals(2, stateOwn.exitCode(), "without --credentials the state's file is used: " + stateOwn);
        assertFalse(stateOwn.output().contains("\tat "), stateOwn::toString);
    }

    @Test
    void shouldRefuseALedgerLineThePostgresAuditLogDoesNotVouchForEvenWhenAStaleAuditDbDoes() throws Exception
    {
        // Someone removes day 3 and passes it off as deleted by the lifecycle, with a ledger line and
        // its event in an audit.db the daemon no longer writes to.
        Files.delete(state.resolve("journal").resolve("inbound").resolve(DAY3));
        JournalDirectory.openForWriting(state.resolve("journal").resolve("inbound")).close();
        final LedgerEntry forged = new LedgerEntry("inbound", DAY3, CycleFile.parse(DAY3).cycle(), 20, 10, 1,
            "cd".repeat(32), "delete", null, "20200304F.cq4", "2020-03-09T00:00:00Z");
        Files.writeString(LifecycleLedger.file(state), forgedLine(forged), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (AuditStore stale = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME)))
        {
            stale.append(List.of(CycleAuditEvent.draft(forged)));
        }

        final Result refused = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--inputs-only", "--json");

        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.output().contains("lifecycle.jsonl line 5") && refused.output().contains(DAY3) &&
            refused.output().contains("has no matching journal.cycle_deleted event in the audit log (postgres:" + WRITER),
            refused::toString);
        assertFalse(refused.output().contains("\tat "), refused::toString);
    }

    @Test
    void shouldSayWhichSecretIsMissingWhenThePostgresAuditLogCannotBeNamed() throws Exception
    {
        Files.delete(state.resolve("credentials.env"));

        final Result refused = HorizonProcess.inProcess("replay", "--state", state.toString(), "--archive", archive.toString(),
            "--inputs-only", "--json");

        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.output().contains("audit.postgres_url"), refused::toString);
        assertFalse(refused.output().contains("\tat "), refused::toString);
    }

    private static String forgedLine(final LedgerEntry e)
    {
        return "{\"queue\":\"" + e.queue() + "\",\"file\":\"" + e.file() + "\",\"cycle\":" + e.cycle() + ",\"first_record\":" +
            e.firstRecord() + ",\"records\":" + e.records() + ",\"bytes\":" + e.bytes() + ",\"sha256\":\"" + e.sha256() +
            "\",\"action\":\"" + e.action() + "\",\"next_file\":\"" + e.nextFile() + "\",\"time\":\"" + e.time() + "\"}\n";
    }
}
