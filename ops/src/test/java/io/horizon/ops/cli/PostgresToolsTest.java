package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.ChronicleJournal;
import io.horizon.journal.ChronicleOutputJournal;
import io.horizon.journal.JournalRecovery;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditFlusher;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.audit.AuditQuery;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.dlq.DlqFlusher;
import io.horizon.journal.dlq.PostgresDlqStore;
import io.horizon.journal.flush.FlushLoop;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.journal.flush.StoreAlerts;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.support.PostgresTestServer;
import io.horizon.ops.daemon.DefaultSetup;
import io.horizon.ops.support.DownVenue;
import io.horizon.ops.support.HorizonProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline tools that used to read {@code audit.db} / {@code dlq.db} only, on a real PostgreSQL
 * audit log (one server for the test JVM, one database for this class): {@code audit replay} and
 * {@code audit anchor} per writer, {@code dlq redrive} checking the writer's entry before it
 * refuses without a daemon, and {@code secrets check} / {@code rotate} auditing their reads into
 * the writer's chain. The database holds what a daemon's flushers wrote from a real pipeline whose
 * venue was down (one dead letter), after two events stamped on 2020-06-01.
 */
final class PostgresToolsTest
{
    private static final String WRITER = "desk-a";

    @TempDir
    static Path dir;

    private static Path state;
    private static Path credentials;
    private static PostgresTarget target;
    private static String dlqId;

    @BeforeAll
    static void flushADaemonsSessionIntoPostgres() throws Exception
    {
        target = PostgresTestServer.newDatabase(WRITER);
        state = Files.createDirectories(dir.resolve("state"));
        credentials = dir.resolve("credentials.env");
        Files.writeString(credentials, "audit.postgres_url=" + target.url() + "\naudit.postgres_user=" + target.user() +
            "\naudit.postgres_password=" + target.password() + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));

        final ReferenceData ref = DefaultSetup.referenceData();
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0);
            ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state))
        {
            final EnginePipeline pipeline = EnginePipeline.builder()
                .config(EngineConfig.builder().ringSize(1024).orderCapacity(64).heartbeatIntervalMillis(0).build())
                .referenceData(ref).journal(journal).outputJournal(outputs).sideEffects(false).venue(new DownVenue()).build().start();
            JournalRecovery.replay(state, pipeline, n -> { });
            pipeline.goLive();
            pipeline.orderEntry().newOrder(0, 0, Side.SELL, OrderType.LIMIT, FixedPoint.parse("191.5"), FixedPoint.ofUnits(4), 1, 42);
            assertTrue(pipeline.awaitIdle(10_000));
            assertTrue(pipeline.drainAndStop());
        }
        final EngineCounters counters = new EngineCounters();
        try (PostgresAuditStore audit = PostgresAuditStore.forFlusher(target);
            PostgresDlqStore dlq = PostgresDlqStore.forFlusher(target))
        {
            audit.claimWriter();
            audit.append(List.of(
                AuditDraft.of(AuditCategory.SYSTEM_START, AuditSeverity.INFO).timestampNanos(1_590_969_600_000_000_000L)
                    .actor("system").message("started"),
                AuditDraft.of(AuditCategory.SYSTEM_STOP, AuditSeverity.INFO).timestampNanos(1_590_999_600_000_000_000L)
                    .actor("system").message("stopped")));
            final FlushLoop dlqLoop = new DlqFlusher(state, dlq, ref, "paper", List.of(), FlusherCounters.deadLetters(counters), null)
                .start(StoreAlerts.LOG);
            final FlushLoop auditLoop = new AuditFlusher(state, audit, new AuditMapping(ref, "paper", List.of()),
                FlusherCounters.audit(counters)).start(StoreAlerts.LOG);
            assertTrue(dlqLoop.stop(30_000));
            assertTrue(auditLoop.stop(30_000));
            dlqId = dlq.list(false).get(0).dlqId();
        }
    }

    private HorizonProcess.Result result;

    /** Runs a verb in this JVM; its standard output and error, together, are {@link #output()}. */
    private int execute(final String... args)
    {
        result = HorizonProcess.inProcess(args);
        return result.exitCode();
    }

    private String output()
    {
        return result.output();
    }

    private static long events(final String category)
    {
        try (AuditStore store = PostgresAuditStore.openExisting(target))
        {
            final long[] n = {0};
            store.forEach(AuditQuery.ALL, e -> n[0] += category == null || category.equals(e.category()) ? 1 : 0);
            return n[0];
        }
    }

    @Test
    void shouldReplayEveryWritersEventsFromPostgresEachNamingItsWriter()
    {
        assertEquals(0, execute("audit", "replay", "--postgres", "--credentials", credentials.toString()), output());
        final List<String> lines = output().lines().filter(l -> l.startsWith(WRITER + " ")).toList();
        assertEquals(events(null), lines.size(), "every event, each line naming its writer: " + output());
        assertTrue(lines.get(0).contains("system.start") && output().contains("dlq.captured"), output());
        assertTrue(output().contains("audit replay: " + lines.size() + " events"), output());

        assertEquals(0, execute("audit", "replay", "--postgres", "--writer", WRITER, "--credentials", credentials.toString(),
            "--category", "dlq.captured", "--json"), output());
        final List<String> json = output().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, json.size(), output());
        assertTrue(json.get(0).startsWith("{\"writer_id\":\"desk-a\",\"event_id\":") && json.get(0).contains(dlqId), output());

        assertEquals(2, execute("audit", "replay", "--writer", WRITER));
        assertTrue(output().contains("--writer desk-a applies to the PostgreSQL audit log only; add --postgres"), output());
    }

    @Test
    void shouldAnchorOneWritersFinishedDayAndVerifyTheChainAgainstIt() throws Exception
    {
        final Path key = dir.resolve("etc").resolve("audit_signing_key.pem");
        final Path publicKey = dir.resolve("etc").resolve("audit_signing_key.pub.pem");
        AuditSigningKey.generate().writeNew(key, publicKey);
        final Path anchors = Files.createDirectories(dir.resolve("anchors")).resolve("audit_anchors.jsonl");

        assertEquals(2, execute("audit", "anchor", "--postgres", "--credentials", credentials.toString(), "--state", state.toString(),
            "--day", "2020-06-01", "--signing-key", key.toString(), "--anchors", anchors.toString()));
        assertTrue(output().contains("works on one daemon's store: add --writer ID"), output());
        assertEquals(2, execute("audit", "anchor", "--postgres", "--writer", WRITER, "--credentials", credentials.toString(),
            "--state", state.toString(), "--day", "2020-06-01", "--signing-key", key.toString(),
            "--anchors", state.resolve("audit_anchors.jsonl").toString()));
        assertTrue(output().contains("is inside the state directory"), output());

        assertEquals(0, execute("audit", "anchor", "--postgres", "--writer", WRITER, "--credentials", credentials.toString(),
            "--state", state.toString(), "--day", "2020-06-01", "--signing-key", key.toString(), "--anchors", anchors.toString()),
            output());
        assertTrue(output().contains("anchored 2020-06-01: sequence 2, hash "), output());
        assertEquals(0, execute("audit", "verify", "--postgres", "--writer", WRITER, "--credentials", credentials.toString(),
            "--state", state.toString(), "--anchors", anchors.toString(), "--public-key", publicKey.toString(), "--require-anchors"),
            output() + output());
        assertTrue(output().contains("anchors: 1 of 1 in " + anchors + " verified"), output());
    }

    @Test
    void shouldCheckTheWritersDeadLetterInPostgresBeforeRefusingARedriveWithoutADaemon()
    {
        assertEquals(2, execute("dlq", "redrive", dlqId, "--postgres", "--writer", WRITER, "--credentials", credentials.toString(),
            "--state", state.toString()));
        assertTrue(output().contains("horizon: error: no Horizon daemon is running on " + state), output());

        assertEquals(2, execute("dlq", "redrive", "dlq_00000000000000ff", "--postgres", "--writer", WRITER,
            "--credentials", credentials.toString(), "--state", state.toString()));
        assertTrue(output().contains("horizon: error: no dead letter dlq_00000000000000ff"), "the entry is looked up in " +
            "PostgreSQL first: " + output());
        assertEquals(2, execute("dlq", "redrive", dlqId, "--postgres", "--credentials", credentials.toString(),
            "--state", state.toString()));
        assertTrue(output().contains("add --writer ID"), output());

        try (PostgresDlqStore dlq = PostgresDlqStore.openExisting(target))
        {
            assertEquals(0, dlq.get(dlqId).retryCount(), "nothing was sent, so nothing was counted");
        }
    }

    @Test
    void shouldRefuseToMigrateWithRetentionCredentialsThatAreNotAFileNamingTheFlag()
    {
        final Path missing = dir.resolve("retention-missing.env");
        assertEquals(2, execute("audit", "migrate", "--to", "postgres", "--writer", "desk-m", "--credentials", credentials.toString(),
            "--state", state.toString(), "--retention-credentials", missing.toString()));
        assertTrue(output().contains("--retention-credentials " + missing + " is not a file; name the credentials file of the " +
            "horizon_retention role"), output());
    }

    @Test
    void shouldAuditTheSecretReadsOfCheckAndRotateInTheWritersChain()
    {
        final long before = events("secret.access");
        assertEquals(0, execute("secrets", "check", "--postgres", "--writer", WRITER, "--credentials", credentials.toString(),
            "--state", state.toString(), "--require", "audit.postgres_url"), output());
        assertTrue(output().contains("secret reads audited as secret.access in " + target.safeUrl() + " (writer desk-a)"), output());
        final long afterCheck = events("secret.access");
        assertTrue(afterCheck >= before + 3, "each of the three keys the check looked at: " + (afterCheck - before));

        assertEquals(0, execute("secrets", "rotate", "--dry-run", "--postgres", "--writer", WRITER,
            "--credentials", credentials.toString(), "--state", state.toString(), "--require", "audit.postgres_url,audit.postgres_user"),
            output());
        assertTrue(output().contains("(writer desk-a)") && output().contains("dry run: would keep"), output());
        assertTrue(events("secret.access") > afterCheck, "the rotation's verification read the keys again");
        assertTrue(output().lines().noneMatch(l -> l.contains(target.password() + "@")), "no credentials in the output");

        assertEquals(2, execute("secrets", "check", "--writer", WRITER, "--credentials", credentials.toString(),
            "--state", state.toString()));
        assertTrue(output().contains("add --postgres"), output());
        assertEquals(2, execute("secrets", "check", "--postgres", "--credentials", credentials.toString(),
            "--state", state.toString()));
        assertTrue(output().contains("add --writer ID"), output());

        try (AuditStore store = PostgresAuditStore.openExisting(target))
        {
            assertTrue(store.verify(n -> { }).verified(), "the tools appended to the chain as the daemon would");
        }
    }
}
