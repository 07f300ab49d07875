package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three audit attacks of issue 14, literally as reproduced there: plain SQL through
 * sqlite-jdbc, no trigger dropped, then {@code horizon audit verify}. Each must be refused by the
 * store's guards or make verify fail; on the release the issue was filed against, each passed
 * verify with exit 0.
 */
final class IssueFourteenAttacksTest
{
    private static final String[] COLUMNS = {"event_id", "sequence", "timestamp", "category", "severity", "actor", "account_id",
        "client_id", "venue_name", "correlation_id", "market_id", "order_id", "client_order_id", "message", "payload",
        "prev_hash", "hash"};

    @TempDir
    static Path runDir;

    private static Path db;
    private static long head;

    @TempDir
    Path dir;

    @BeforeAll
    static void runHorizonOnce() throws SQLException
    {
        final Path state = runDir.resolve("state");
        db = state.resolve("audit.db");
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, HorizonCommand.execute("run", "--duration", "2s", "--state", state.toString(), "--journal-sync", "none",
                "--metrics-port", "0"));
        }
        finally
        {
            System.setOut(saved);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT max(sequence) FROM audit_events"))
        {
            rs.next();
            head = rs.getLong(1);
        }
        assertTrue(head > 20, "events: " + head);
    }

    /**
     * Runs the attack on a copy; @return the verify exit code, or -1 when a guard refused the SQL.
     */
    private int attackThenVerify(final SqlAttack attack) throws Exception
    {
        final Path copy = dir.resolve("audit.db");
        Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement())
        {
            attack.run(c, st);
        }
        catch (final SQLException refused)
        {
            return -1;
        }
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            return HorizonCommand.execute("audit", "verify", "--db", copy.toString());
        }
        finally
        {
            System.setOut(saved);
            System.err.println(out.toString(StandardCharsets.UTF_8));
        }
    }

    interface SqlAttack
    {
        void run(Connection c, Statement st) throws Exception;
    }

    @Test
    void shouldNotLetAnOpenedGateCutTheTailUnseen() throws Exception
    {
        final long cut = Math.min(300, head / 2);
        final int exit = attackThenVerify((c, st) ->
        {
            st.execute("UPDATE audit_retention_gate SET delete_through = 1000000000 WHERE id = 1");
            st.execute("DELETE FROM audit_events WHERE sequence > " + cut);
            st.execute("UPDATE audit_retention_gate SET delete_through = 0 WHERE id = 1");
        });
        assertTrue(exit != 0, "verify exit " + exit + " (-1: refused)");
    }

    @Test
    void shouldNotLetControlEventsBeReplacedWithARecomputedChainUnseen() throws Exception
    {
        final int exit = attackThenVerify((c, st) ->
        {
            final long first;
            try (ResultSet rs = st.executeQuery("SELECT coalesce(min(sequence), " + (head / 2) +
                ") FROM audit_events WHERE category = 'control.received'"))
            {
                rs.next();
                first = rs.getLong(1);
            }
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
            st.execute("UPDATE audit_retention_gate SET delete_through = 1000000000 WHERE id = 1");
            st.execute("DELETE FROM audit_events WHERE sequence >= " + first);
            st.execute("UPDATE audit_retention_gate SET delete_through = 0 WHERE id = 1");
            String prev = rows.get(0)[15];
            for (final String[] row : rows)
            {
                row[5] = "user:mallory";
                row[13] = row[13] + " (edited)";
                row[15] = prev;
                row[16] = hash(row);
                prev = row[16];
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                {
                    for (int i = 0; i < COLUMNS.length; i++)
                    {
                        ps.setString(i + 1, row[i]);
                    }
                    ps.executeUpdate();
                }
            }
        });
        assertTrue(exit != 0, "verify exit " + exit + " (-1: refused)");
    }

    @Test
    void shouldNotLetTheChainBaseMoveWithoutAReceiptUnseen() throws Exception
    {
        final long cut = Math.min(400, head / 2);
        final int exit = attackThenVerify((c, st) ->
        {
            final String hash;
            try (ResultSet rs = st.executeQuery("SELECT hash FROM audit_events WHERE sequence = " + cut))
            {
                rs.next();
                hash = rs.getString(1);
            }
            st.execute("UPDATE audit_retention_gate SET delete_through = " + cut + " WHERE id = 1");
            st.execute("DELETE FROM audit_events WHERE sequence <= " + cut);
            st.execute("UPDATE audit_meta SET value = '" + cut + "' WHERE key = 'chain_base_sequence'");
            st.execute("UPDATE audit_meta SET value = '" + hash + "' WHERE key = 'chain_base_hash'");
            st.execute("UPDATE audit_retention_gate SET delete_through = 0 WHERE id = 1");
        });
        assertTrue(exit != 0, "verify exit " + exit + " (-1: refused)");
    }

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
                out.append(COLUMNS[i]).append('=').append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
