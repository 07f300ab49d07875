package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.json.JsonObjectReader;
import io.horizon.journal.retention.AuditSigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon audit} over the audit log of a real run and over stores built with known
 * timestamps: verify passes an intact chain and fails every kind of tampering, the filters and
 * exports return what matches, anchors catch a cut tail, retention leaves verifiable chains and
 * receipts, and bad input gets one clear line.
 */
final class AuditCommandTest
{
    @TempDir
    static Path runDir;

    private static Path state;
    private static Path db;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void runHorizonOnce()
    {
        state = runDir.resolve("state");
        db = state.resolve(AuditStore.FILE_NAME);
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, HorizonCommand.execute("run", "--duration", "2s", "--state", state.toString(), "--journal-sync", "none"));
        }
        finally
        {
            System.setOut(saved);
        }
    }

    @BeforeEach
    void capture()
    {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int execute(final String... args)
    {
        out.reset();
        err.reset();
        return HorizonCommand.execute(args);
    }

    private String stdout()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines()
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : stdout().split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private long eventsInRun()
    {
        try (AuditStore store = AuditStore.openExisting(db, io.horizon.journal.sqlite.SqliteFile.Access.READ))
        {
            return store.count();
        }
    }

    private Path tampered(final String... sql) throws Exception
    {
        final Path copy = dir.resolve("tampered.db");
        Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement())
        {
            st.execute("DROP TRIGGER audit_events_no_update");
            st.execute("DROP TRIGGER audit_events_no_delete");
            st.execute("DROP TRIGGER audit_events_next_sequence");
            for (final String s : sql)
            {
                st.execute(s);
            }
        }
        return copy;
    }

    /**
     * A store with events on two past days and today, written directly so their times are known.
     */
    private Path storeWithHistory()
    {
        final Path file = dir.resolve("history").resolve(AuditStore.FILE_NAME);
        final long old = Instant.parse("2020-06-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;
        final long day = 86_400_000_000_000L;
        final List<AuditDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            drafts.add(AuditDraft.of(AuditCategory.ORDER_FILLED, AuditSeverity.INFO).timestampNanos(old + (i / 5) * day + i)
                .accountId("paper").marketId(i % 2 == 0 ? "AAPL" : "MSFT").message("fill " + i));
        }
        drafts.add(AuditDraft.of(AuditCategory.KILLSWITCH_FIRED, AuditSeverity.CRITICAL).actor("user:alice").message("kill: test"));
        try (AuditStore store = AuditStore.forFlusher(file))
        {
            store.append(drafts);
        }
        // A history written as it happened: retention judges age by when each event was written.
        io.horizon.journal.support.AuditWrittenAt.asStamped(file);
        return file;
    }

    @Test
    void shouldVerifyTheChainOfARealRun()
    {
        assertEquals(0, execute("audit", "verify", "--db", db.toString()), stderr());

        final long n = eventsInRun();
        assertTrue(n > 10, "the run wrote events: " + n);
        assertEquals("chain verified: " + n + " events, sequences 1.." + n, lines().get(0));
    }

    @Test
    void shouldFailVerifyOnAnEditedRow() throws Exception
    {
        assertEquals(1, execute("audit", "verify", "--db", tampered("UPDATE audit_events SET message = 'x' WHERE sequence = 5").toString()));
        assertTrue(stdout().startsWith("chain BROKEN at sequence 5: its hash does not match its content"), stdout());
    }

    @Test
    void shouldFailVerifyOnADeletedRow() throws Exception
    {
        assertEquals(1, execute("audit", "verify", "--db", tampered("DELETE FROM audit_events WHERE sequence = 7").toString()));
        assertTrue(stdout().startsWith("chain BROKEN at sequence 7: it is missing"), stdout());
    }

    @Test
    void shouldFailVerifyOnAnInsertedRow() throws Exception
    {
        final Path copy = tampered("INSERT INTO audit_events SELECT event_id || 'x', 1000000, timestamp, category, severity, actor, " +
            "account_id, client_id, venue_name, correlation_id, market_id, order_id, client_order_id, 'an extra fill', payload, " +
            "prev_hash, hash FROM audit_events WHERE sequence = 3");
        assertEquals(1, execute("audit", "verify", "--db", copy.toString()));
        assertTrue(stdout().startsWith("chain BROKEN at sequence 1000000: its hash does not match"), stdout());
    }

    @Test
    void shouldFailVerifyOnReorderedRows() throws Exception
    {
        final Path copy = tampered("UPDATE audit_events SET sequence = -1 WHERE sequence = 2",
            "UPDATE audit_events SET sequence = 2 WHERE sequence = 3", "UPDATE audit_events SET sequence = 3 WHERE sequence = -1");
        assertEquals(1, execute("audit", "verify", "--db", copy.toString()));
        assertTrue(stdout().startsWith("chain BROKEN at sequence 2"), stdout());
    }

    @Test
    void shouldCountByCategorySeverityAndDay()
    {
        assertEquals(0, execute("audit", "stats", "--db", db.toString()), stderr());

        final String text = stdout();
        assertTrue(text.contains("by category:") && text.contains("by severity:") && text.contains("by day (UTC):"), text);
        assertTrue(text.contains("system.start") && text.contains("system.stop") && text.contains("order.submitted"), text);
    }

    @Test
    void shouldReplayOnlyWhatMatchesTheFilters()
    {
        assertEquals(0, execute("audit", "replay", "--db", db.toString(), "--market", "AAPL", "--category", "order.submitted",
            "--json"), stderr());
        final List<String> json = lines();
        assertFalse(json.isEmpty());
        for (final String line : json)
        {
            final Map<String, Object> e = JsonObjectReader.read(line);
            assertEquals("AAPL", e.get("market_id"), line);
            assertEquals("order.submitted", e.get("category"), line);
            assertTrue(e.get("payload") instanceof Map, "the payload is embedded as JSON: " + line);
        }

        assertEquals(0, execute("audit", "replay", "--db", db.toString(), "--category", "system.start"));
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).contains("system.start") && lines().get(0).contains("Horizon started"), lines().get(0));

        assertEquals(0, execute("audit", "replay", "--db", db.toString(), "--limit", "3"));
        assertEquals(3, lines().size());
    }

    @Test
    void shouldExportEveryColumnAsJsonOrCsv() throws Exception
    {
        final Path json = dir.resolve("audit.json");
        assertEquals(0, execute("audit", "export", "--db", db.toString(), "--out", json.toString()), stderr());
        final String text = Files.readString(json, StandardCharsets.UTF_8);
        final long n = eventsInRun();
        assertTrue(text.startsWith("[\n{\"event_id\":"), text.substring(0, 40));
        assertEquals(n, text.lines().filter(l -> l.startsWith("{")).count());
        final com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(text);
        int objects = 0;
        int depth = 0;
        for (com.fasterxml.jackson.core.JsonToken t; (t = parser.nextToken()) != null; )
        {
            if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT && depth++ == 1)
            {
                objects++;
            }
            else if (t == com.fasterxml.jackson.core.JsonToken.START_ARRAY)
            {
                depth++;
            }
            else if (t == com.fasterxml.jackson.core.JsonToken.END_OBJECT || t == com.fasterxml.jackson.core.JsonToken.END_ARRAY)
            {
                depth--;
            }
        }
        assertEquals(n, objects, "one valid JSON array of every event");

        final Path csv = dir.resolve("audit.csv");
        assertEquals(0, execute("audit", "export", "--db", db.toString(), "--format", "csv", "--out", csv.toString()));
        final List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("event_id,sequence,timestamp,category,severity,actor,account_id,client_id,venue_name,correlation_id," +
            "market_id,order_id,client_order_id,message,payload,prev_hash,hash", rows.get(0));
        assertEquals(n + 1, rows.size());

        assertEquals(2, execute("audit", "export", "--db", db.toString(), "--format", "xml"));
        assertEquals("horizon: error: --format 'xml' is not an export format; use json or csv", stderr().strip());
    }

    @Test
    void shouldAnchorADayAndCatchACutTail() throws Exception
    {
        final Path history = storeWithHistory();
        final Path anchors = dir.resolve("anchors").resolve("audit_anchors.jsonl");
        Files.createDirectories(anchors.getParent());
        assertEquals(2, execute("audit", "anchor", "--db", history.toString(), "--day", "2020-06-01", "--anchors", anchors.toString()));
        assertTrue(stderr().startsWith("horizon: error: no audit signing key: pass --signing-key FILE"), "nothing is generated " +
            "next to the store: " + stderr());
        assertFalse(Files.exists(history.resolveSibling("audit_signing_key.pem")));
        final Path inState = history.resolveSibling("key.pem");
        AuditSigningKey.generate().writeNew(inState, history.resolveSibling("key.pub.pem"));
        assertEquals(2, execute("audit", "anchor", "--db", history.toString(), "--day", "2020-06-01", "--signing-key", inState.toString(),
            "--anchors", anchors.toString()));
        assertTrue(stderr().contains("is inside the state directory"), stderr());

        final Path key = dir.resolve("etc").resolve("audit_signing_key.pem");
        final Path publicKey = dir.resolve("etc").resolve("audit_signing_key.pub.pem");
        AuditSigningKey.generate().writeNew(key, publicKey);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(2, execute("audit", "anchor", "--db", history.toString(), "--day", "2020-06-01", "--signing-key", key.toString(),
            "--anchors", history.resolveSibling("audit_anchors.jsonl").toString()));
        assertTrue(stderr().contains("is inside the state directory"), stderr());
        assertEquals(0, execute("audit", "anchor", "--db", history.toString(), "--day", "2020-06-01", "--signing-key", key.toString(),
            "--anchors", anchors.toString()), stderr());
        assertTrue(stdout().startsWith("anchored 2020-06-01: sequence 5, hash "), stdout());
        assertEquals(0, execute("audit", "anchor", "--db", history.toString(), "--day", "2020-06-02", "--signing-key", key.toString(),
            "--anchors", anchors.toString()));
        assertEquals(0, execute("audit", "verify", "--db", history.toString(), "--anchors", anchors.getParent().toString(),
            "--public-key", publicKey.toString(), "--require-anchors"), stdout());
        assertTrue(stdout().contains("anchors: 2 of 2 in " + anchors + " verified"), stdout());
        assertTrue(stdout().contains("verified, with 1 check(s) not made") && stdout().contains("NOT CHECKED: no --journal"), stdout());

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + history); Statement st = c.createStatement())
        {
            st.execute("DROP TRIGGER audit_events_no_delete");
            st.execute("DELETE FROM audit_events WHERE sequence > 8");
        }
        assertEquals(1, execute("audit", "verify", "--db", history.toString(), "--anchors", anchors.toString()));
        assertTrue(stdout().contains("chain verified: 8 events, sequences 1..8"), stdout());
        assertTrue(stdout().contains("PROBLEM: tail truncated: the anchor of 2020-06-02 names sequence 10 but the store ends at sequence 8"),
            stdout());

        final String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(2, execute("audit", "anchor", "--db", history.toString(), "--day", today, "--signing-key", key.toString(),
            "--anchors", anchors.toString()));
        assertTrue(stderr().startsWith("horizon: error: " + today + " is not over yet (UTC)"), stderr());
        assertEquals(2, execute("audit", "anchor", "--db", history.toString(), "--day", "June 1st", "--signing-key", key.toString(),
            "--anchors", anchors.toString()));
        assertTrue(stderr().startsWith("horizon: error: --day 'June 1st' is not a day"), stderr());
    }

    @Test
    void shouldEnforceRetentionWithHoldsLeavingVerifiableChainsAndReceipts() throws Exception
    {
        final Path history = storeWithHistory();
        final Path key = dir.resolve("etc").resolve("audit_signing_key.pem");
        final Path publicKey = dir.resolve("etc").resolve("audit_signing_key.pub.pem");
        AuditSigningKey.generate().writeNew(key, publicKey);

        assertEquals(0, execute("audit", "enforce-retention", "--db", history.toString(), "--keep", "1y", "--reason", "test policy",
            "--hold", "market=MSFT", "--dry-run"), stderr());
        assertTrue(stdout().contains("would remove 5 events") && stdout().contains("would keep 5 expired events under legal hold") &&
            stdout().contains("nothing was changed"), stdout());
        assertFalse(Files.exists(history.resolveSibling(AuditStore.ARCHIVE_FILE_NAME)));

        assertEquals(0, execute("audit", "enforce-retention", "--db", history.toString(), "--keep", "1y", "--reason", "test policy",
            "--hold", "market=MSFT", "--signing-key", key.toString()), stderr());
        assertTrue(stdout().startsWith("retention (keep 1y): 10 events archived to audit_archive.db, 5 removed (sequences 1..9), " +
            "5 kept under legal hold"), stdout());

        assertEquals(0, execute("audit", "verify", "--db", history.toString(), "--public-key", publicKey.toString()), stdout());
        final String verified = stdout();
        assertTrue(verified.startsWith("chain verified: 2 events, sequences 11..12"), verified);
        assertTrue(verified.contains("chain base: sequence 10, as the newest of 1 signed destruction receipts in the store says"),
            verified);
        try (AuditStore store = AuditStore.openExisting(history, io.horizon.journal.sqlite.SqliteFile.Access.READ))
        {
            final List<String> actors = new ArrayList<>();
            store.forEach(new io.horizon.journal.audit.AuditQuery(null, null, List.of("audit.retention"), null, null, Long.MAX_VALUE),
                e -> actors.add(e.actor()));
            assertEquals(List.of("user:" + OperatorIdentity.name()), actors, "the OS user ran it");
        }
        assertTrue(verified.contains("archive audit_archive.db: chain verified: 10 events, sequences 1..10"), verified);
        assertTrue(verified.contains("held under legal hold: 5 events below the chain base, each matching its archived copy"), verified);
        assertTrue(verified.contains("receipts file: 1 signatures verified with key "), verified);

        assertEquals(0, execute("audit", "verify", "--db", history.resolveSibling(AuditStore.ARCHIVE_FILE_NAME).toString()));
        assertEquals("chain verified: 10 events, sequences 1..10", lines().get(0));

        final Path receipts = history.resolveSibling("destruction.jsonl");
        Files.writeString(receipts, Files.readString(receipts).replace("test policy", "another policy"));
        assertEquals(1, execute("audit", "verify", "--db", history.toString(), "--public-key", publicKey.toString()));
        assertTrue(stdout().contains("PROBLEM: destruction.jsonl line 1: its signature does not match its content"), stdout());
    }

    @Test
    void shouldRejectBadInputWithOneLineNamingTheValue() throws Exception
    {
        final Path missing = dir.resolve("missing.db");
        assertEquals(2, execute("audit", "verify", "--db", missing.toString()));
        assertEquals("horizon: error: no audit database at " + missing +
            "; pass --db with the audit.db of a Horizon state directory (default ./state/audit.db)", stderr().strip());

        final Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement st = c.createStatement())
        {
            st.execute("CREATE TABLE orders (id INTEGER)");
        }
        assertEquals(2, execute("audit", "stats", "--db", foreign.toString()));
        assertTrue(stderr().startsWith("horizon: error: " + foreign + " is a SQLite database but not a Horizon audit database"), stderr());
        assertFalse(stderr().contains("\tat "), "no stack trace");

        assertEquals(2, execute("audit", "replay", "--db", db.toString(), "--since", "last tuesday"));
        assertTrue(stderr().contains("'last tuesday' is not a time"), stderr());
        assertEquals(2, execute("audit", "replay", "--db", db.toString(), "--category", "order.fill"));
        assertTrue(stderr().startsWith("horizon: error: --category 'order.fill' is not an audit category"), stderr());
        assertEquals(2, execute("audit", "replay", "--db", db.toString(), "--since", "2026-11-29T10:00:00Z", "--until", "2026-11-29T09:00:00Z"));
        assertTrue(stderr().contains("is after --until"), stderr());

        final Path history = storeWithHistory();
        assertEquals(2, execute("audit", "enforce-retention", "--db", history.toString(), "--keep", "0d", "--reason", "x"));
        assertTrue(stderr().startsWith("horizon: error: a retention of '0d' is not allowed"), stderr());
        assertEquals(2, execute("audit", "enforce-retention", "--db", history.toString(), "--keep", "-3y", "--reason", "x"));
        assertTrue(stderr().startsWith("horizon: error: a retention of '-3y' is not allowed"), stderr());
        assertEquals(2, execute("audit", "enforce-retention", "--db", history.toString(), "--keep", "7y"));
        assertTrue(stderr().contains("Missing required option: '--reason=TEXT'"), stderr());
        assertEquals(2, execute("audit", "enforce-retention", "--db", history.toString(), "--keep", "7y", "--reason", "x",
            "--hold", "desk=fx"));
        assertTrue(stderr().startsWith("horizon: error: 'desk' is not a kind of legal hold"), stderr());
    }

    @Test
    void shouldTeachEveryVerbWithAnExample()
    {
        for (final String verb : List.of("verify", "stats", "replay", "export", "anchor", "enforce-retention", "keygen"))
        {
            assertEquals(0, execute("audit", verb, "--help"), verb);
            assertTrue(stdout().contains("horizon audit " + verb), verb + ":\n" + stdout());
            assertTrue(stdout().contains("Example"), verb);
        }
        assertEquals(0, execute("audit", "--help"));
        assertTrue(stdout().contains("enforce-retention"), stdout());
    }
}
