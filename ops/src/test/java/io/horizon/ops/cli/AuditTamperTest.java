package io.horizon.ops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.horizon.journal.json.JsonObjectWriter;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.SignedLine;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit-integrity attacks of issue 14, played by someone who can write the state directory
 * (plain SQL through sqlite-jdbc; where a guard refuses, the attacker forges what the guard asks
 * for, or drops the triggers): against a state a real daemon wrote, with a control command in its
 * journal and signed anchors it wrote outside the state directory, {@code horizon audit verify}
 * must fail on every one, and say what it could not check when it is not given the anchors.
 */
final class AuditTamperTest
{
    private static final String[] COLUMNS = {"event_id", "sequence", "timestamp", "category", "severity", "actor", "account_id",
        "client_id", "venue_name", "correlation_id", "market_id", "order_id", "client_order_id", "message", "payload",
        "prev_hash", "hash"};
    private static final String USER = OperatorIdentity.name();

    @TempDir
    static Path runDir;

    private static Path state;
    private static Path anchors;
    private static Path publicKey;
    private static long head;

    @TempDir
    Path dir;

    /** Mallory's own key: she can sign whatever she likes with it, but it is not the pinned one. */
    private final AuditSigningKey mallory = AuditSigningKey.generate();

    @BeforeAll
    static void runADaemonWithAnchorsOutsideItsState() throws Exception
    {
        state = runDir.resolve("state");
        anchors = runDir.resolve("anchors");
        final Path keys = Files.createDirectories(runDir.resolve("etc"));
        final Path keyFile = keys.resolve("audit_signing_key.pem");
        publicKey = keys.resolve("audit_signing_key.pub.pem");
        AuditSigningKey.generate().writeNew(keyFile, publicKey);
        final Path credentials = keys.resolve("credentials.env");
        Files.writeString(credentials, "AUDIT_SIGNING_KEY=" + Files.readString(keyFile).replace("\n", "") + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        final Path preset = keys.resolve("prod.hz.toml");
        Files.writeString(preset, EmbeddedPresets.text(EmbeddedPresets.PAPER) + "\n[audit]\nanchors = \"" + anchors +
            "\"\nanchor_interval_s = 1\nanchor_to_log = true\npublic_key = \"" + publicKey + "\"\n");

        final Path log = runDir.resolve("daemon.log");
        final Process daemon = HorizonProcess.start(log, "run", "--state", state.toString(), "--preset", preset.toString(),
            "--credentials", credentials.toString(), "--feed-rate", "2000");
        try
        {
            HorizonProcess.awaitLogLine(daemon, log, "Horizon running");
            final Result kill = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "INC-14: test");
            assertEquals(0, kill.exitCode(), kill::toString);
            final Result reset = HorizonProcess.inProcess("reset", "--state", state.toString(), "--reason", "INC-14 closed");
            assertEquals(0, reset.exitCode(), reset::toString);
            HorizonProcess.awaitLogLine(daemon, log, "audit anchor {");
        }
        finally
        {
            assertEquals(0, HorizonProcess.terminate(daemon), () -> read(log));
        }
        final String output = read(log);
        assertTrue(output.contains("audit chain head anchored to " + anchors.resolve("audit_anchors.jsonl")), output);
        try (Connection c = connect(state.resolve("audit.db")); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT max(sequence) FROM audit_events"))
        {
            rs.next();
            head = rs.getLong(1);
        }
        assertTrue(head > 20, "the run wrote events: " + head);
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Connection connect(final Path db) throws SQLException
    {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    /** A copy of the daemon's state directory to attack. */
    private Path copyOfState() throws Exception
    {
        final Path copy = dir.resolve("state");
        try (Stream<Path> files = Files.walk(state))
        {
            for (final Path from : (Iterable<Path>)files::iterator)
            {
                final Path to = copy.resolve(state.relativize(from).toString());
                if (Files.isDirectory(from))
                {
                    Files.createDirectories(to);
                }
                else
                {
                    Files.copy(from, to);
                }
            }
        }
        return copy;
    }

    private static Result verify(final Path stateCopy, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("audit", "verify", "--state", stateCopy.toString()));
        args.addAll(List.of(more));
        return HorizonProcess.inProcess(args.toArray(String[]::new));
    }

    private static String[] strict()
    {
        return new String[]{"--anchors", anchors.toString(), "--public-key", publicKey.toString(), "--require-anchors"};
    }

    /**
     * Opens the retention gate for deletes up to {@code through}: by a plain UPDATE where no guard
     * stops it (as on the old schema); else by recording a receipt signed with Mallory's key that
     * names the store's current base, which is what the guard asks for.
     */
    private void openGate(final Statement st, final long through) throws SQLException
    {
        try
        {
            st.execute("UPDATE audit_retention_gate SET delete_through = " + through + " WHERE id = 1");
        }
        catch (final SQLException guarded)
        {
            assertTrue(guarded.getMessage().contains("audit_retention_gate opens only inside horizon audit enforce-retention"),
                guarded.getMessage());
            final String base;
            final String baseHash;
            try (ResultSet rs = st.executeQuery("SELECT (SELECT value FROM audit_meta WHERE key = 'chain_base_sequence'), " +
                "(SELECT value FROM audit_meta WHERE key = 'chain_base_hash')"))
            {
                rs.next();
                base = rs.getString(1);
                baseHash = rs.getString(2);
            }
            final String receipt = SignedLine.sign(new JsonObjectWriter().begin()
                .field("receipt_version", 2).field("receipt_id", "forged").field("through", through).field("count", 0)
                .field("held", 0).field("chain_base_sequence", Long.parseLong(base)).field("chain_base_hash", baseHash)
                .field("key_id", AuditSigningKey.keyId(mallory.publicKey()))
                .field("public_key", Base64.getEncoder().encodeToString(mallory.publicKey().getEncoded()))
                .finish(), mallory);
            st.execute("INSERT INTO audit_retention_receipts (receipt_id, line) VALUES ('forged', '" + receipt + "')");
            st.execute("UPDATE audit_retention_gate SET delete_through = " + through +
                ", receipts_used = (SELECT max(rowid) FROM audit_retention_receipts) WHERE id = 1");
        }
    }

    private static void closeGate(final Statement st) throws SQLException
    {
        st.execute("UPDATE audit_retention_gate SET delete_through = 0 WHERE id = 1");
    }

    @Test
    void shouldVerifyTheUntouchedStateStrictlyAgainstItsAnchorsAndJournal()
    {
        final Result ok = verify(state, "--preset", runDir.resolve("etc/prod.hz.toml").toString(), "--require-anchors", "--journal");
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.output().contains("chain verified: " + head + " events, sequences 1.." + head), ok::toString);
        assertTrue(ok.output().contains(" verified") && ok.output().contains("anchors: "), ok::toString);
        assertTrue(ok.output().contains("rows match the journal"), ok::toString);
        assertTrue(ok.output().contains("verified: every check passed"), ok::toString);
        assertFalse(ok.output().contains("NOT CHECKED"), ok::toString);
    }

    @Test
    void shouldFailVerifyWhenTheGateIsOpenedAndTheTailAfterSequence300Deleted() throws Exception
    {
        final Path copy = copyOfState();
        final long cut = Math.min(300, head / 2);
        try (Connection c = connect(copy.resolve("audit.db")); Statement st = c.createStatement())
        {
            openGate(st, 1_000_000_000L);
            st.execute("DELETE FROM audit_events WHERE sequence > " + cut);
            closeGate(st);
        }

        final Result strict = verify(copy, strict());
        assertEquals(1, strict.exitCode(), strict::toString);
        assertTrue(strict.output().contains("chain verified: " + cut + " events"), "the cut chain alone still links:\n" + strict);
        assertTrue(strict.output().contains("PROBLEM: tail truncated: the anchor of the chain head at "), strict::toString);
        assertTrue(strict.output().contains("PROBLEM: retention receipt forged recorded in audit.db: it is signed with key " +
            AuditSigningKey.keyId(mallory.publicKey()) + ", not the pinned key"), strict::toString);

        // Without anchors or a pinned key Mallory's self-signed receipt cannot be told from a real
        // one, and nothing shows the missing tail: verify says so, and fails only when told to require them.
        final Result lax = verify(copy);
        assertEquals(0, lax.exitCode(), lax::toString);
        assertTrue(lax.output().contains("NOT CHECKED: no --public-key") && lax.output().contains("NOT CHECKED: no --anchors"),
            lax::toString);
        assertFalse(lax.output().contains("verified: every check passed"), lax::toString);
        assertEquals(1, verify(copy, "--require-anchors").exitCode());
    }

    @Test
    void shouldFailVerifyWhenControlEventsAreReplacedWithARecomputedChain() throws Exception
    {
        final Path copy = copyOfState();
        final long first;
        try (Connection c = connect(copy.resolve("audit.db")); Statement st = c.createStatement())
        {
            try (ResultSet rs = st.executeQuery("SELECT min(sequence) FROM audit_events WHERE category = 'control.received'"))
            {
                rs.next();
                first = rs.getLong(1);
            }
            assertTrue(first > 0, "the journal holds the kill");
            final List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT * FROM audit_events WHERE sequence >= " + first + " ORDER BY sequence"))
            {
                while (rs.next())
                {
                    final String[] row = new String[COLUMNS.length];
                    for (int i = 0; i < COLUMNS.length; i++)
                    {
                        row[i] = rs.getString(COLUMNS[i]);
                    }
                    rows.add(row);
                }
            }
            openGate(st, 1_000_000_000L);
            st.execute("DELETE FROM audit_events WHERE sequence >= " + first);
            closeGate(st);
            String prev = rows.get(0)[15];
            for (final String[] row : rows)
            {
                if (row[3].equals("control.received"))
                {
                    row[5] = "user:mallory";
                    row[13] = row[13] + " (approved)";
                }
                row[15] = prev;
                row[16] = hash(row);
                prev = row[16];
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events VALUES (" +
                    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                {
                    for (int i = 0; i < COLUMNS.length; i++)
                    {
                        ps.setString(i + 1, row[i]);
                    }
                    ps.executeUpdate();
                }
            }
        }

        // As the built CLI, in its own process.
        final Result strict = HorizonProcess.run(dir, "audit", "verify", "--state", copy.toString(), "--anchors", anchors.toString(),
            "--public-key", publicKey.toString(), "--require-anchors");
        assertEquals(1, strict.exitCode(), strict::toString);
        assertTrue(strict.output().contains("chain verified: " + head + " events"), "the rewritten chain links:\n" + strict);
        assertTrue(strict.output().contains("the chain was rewritten after it was anchored"), strict::toString);

        final Result journal = verify(copy, "--journal");
        assertEquals(1, journal.exitCode(), journal::toString);
        assertTrue(journal.output().contains("PROBLEM: journal: EDITED: row " + first + " differs from the journal: actor is " +
            "'user:mallory' but the journal gives 'user:" + USER + "'"), journal::toString);
    }

    @Test
    void shouldFailVerifyWhenEvents1To400AreDeletedAndTheChainBaseMovedWithoutAReceipt() throws Exception
    {
        final Path copy = copyOfState();
        final long cut = Math.min(400, head / 2);
        try (Connection c = connect(copy.resolve("audit.db")); Statement st = c.createStatement())
        {
            final String baseHash;
            try (ResultSet rs = st.executeQuery("SELECT hash FROM audit_events WHERE sequence = " + cut))
            {
                rs.next();
                baseHash = rs.getString(1);
            }
            final List<String> attack = List.of(
                "UPDATE audit_retention_gate SET delete_through = " + cut + " WHERE id = 1",
                "DELETE FROM audit_events WHERE sequence <= " + cut,
                "UPDATE audit_meta SET value = '" + cut + "' WHERE key = 'chain_base_sequence'",
                "UPDATE audit_meta SET value = '" + baseHash + "' WHERE key = 'chain_base_hash'",
                "UPDATE audit_retention_gate SET delete_through = 0 WHERE id = 1");
            try
            {
                for (final String sql : attack)
                {
                    st.execute(sql);
                }
            }
            catch (final SQLException guarded)
            {
                // The guards refuse it without a receipt; with the file in hand Mallory drops them.
                assertThrows(SQLException.class, () -> st.execute("DELETE FROM audit_events WHERE sequence = 1"));
                try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
                {
                    final List<String> names = new ArrayList<>();
                    while (rs.next())
                    {
                        names.add(rs.getString(1));
                    }
                    for (final String name : names)
                    {
                        st.execute("DROP TRIGGER " + name);
                    }
                }
                for (final String sql : attack)
                {
                    st.execute(sql);
                }
            }
        }

        final Result plain = verify(copy);
        assertEquals(1, plain.exitCode(), plain::toString);
        assertTrue(plain.output().contains("chain verified: " + (head - cut) + " events, sequences " + (cut + 1) + ".." + head),
            "the rest of the chain links from the moved base:\n" + plain);
        assertTrue(plain.output().contains("PROBLEM: the chain starts after sequence " + cut + " but audit.db records no " +
            "destruction receipt for it"), plain::toString);
        assertTrue(plain.output().contains("PROBLEM: guard triggers missing or altered"), plain::toString);

        final Result strict = verify(copy, strict());
        assertEquals(1, strict.exitCode(), strict::toString);
    }

    @Test
    void shouldRefuseAnAnchorsDirectoryInsideTheStateDirectory() throws Exception
    {
        final Path preset = dir.resolve("bad.hz.toml");
        final Path stateDir = dir.resolve("s");
        Files.writeString(preset, EmbeddedPresets.text(EmbeddedPresets.PAPER) + "\n[audit]\nanchors = \"" +
            stateDir.resolve("anchors") + "\"\n");
        final Result run = HorizonProcess.inProcess("run", "--state", stateDir.toString(), "--preset", preset.toString(),
            "--duration", "1s");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.output().contains("[audit] anchors '" + stateDir.resolve("anchors") + "' is inside the state directory"),
            run::toString);
        assertFalse(run.output().contains("\tat "), run::toString);
    }

    @Test
    void shouldRefuseASigningKeyThatIsMissingOrKeptInsideTheStateDirectory() throws Exception
    {
        final Path preset = dir.resolve("anchored.hz.toml");
        final Path stateDir = dir.resolve("s");
        Files.writeString(preset, EmbeddedPresets.text(EmbeddedPresets.PAPER) + "\n[audit]\nanchors = \"" + dir.resolve("anchors") +
            "\"\n");
        final Result missing = HorizonProcess.inProcess("run", "--state", stateDir.toString(), "--preset", preset.toString(),
            "--duration", "1s");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.output().contains("secret 'audit.signing_key' is missing"), missing::toString);

        final Path key = dir.resolve("k.pem");
        AuditSigningKey.generate().writeNew(key, dir.resolve("k.pub.pem"));
        Files.createDirectories(stateDir);
        final Path credentials = stateDir.resolve("credentials.env");
        Files.writeString(credentials, "AUDIT_SIGNING_KEY=" + Files.readString(key).replace("\n", "") + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        final Result inState = HorizonProcess.inProcess("run", "--state", stateDir.toString(), "--preset", preset.toString(),
            "--duration", "1s");
        assertEquals(2, inState.exitCode(), inState::toString);
        assertTrue(inState.output().contains("the audit signing key (secret 'audit.signing_key') comes from " + credentials +
            ", inside the state directory"), inState::toString);
        assertFalse(inState.output().contains("-----BEGIN"), "no key material in the message");
        assertFalse(inState.output().contains("\tat "), inState::toString);
    }

    /** The canonical form of journal/README.md, as an auditor (or Mallory) would write it. */
    private static String hash(final String[] row) throws Exception
    {
        final StringBuilder out = new StringBuilder("horizon-audit-v1\n");
        for (int i = 0; i < COLUMNS.length; i++)
        {
            final String value = i == 16 ? "" : row[i];
            if (value == null)
            {
                out.append(COLUMNS[i]).append("=-\n");
            }
            else
            {
                out.append(COLUMNS[i]).append('=').append(value.getBytes(StandardCharsets.UTF_8).length).append(':')
                    .append(value).append('\n');
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
