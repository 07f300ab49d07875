package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay} over the journal of a real run: filters return exactly the matching
 * entries, {@code --verify} passes, and damaged or missing journals give clear errors.
 */
final class ReplayCommandTest
{
    @TempDir
    static Path runDir;

    private static Path state;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void runHorizonOnce()
    {
        state = runDir.resolve("state");
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

    private List<String> run(final String... args)
    {
        out.reset();
        err.reset();
        final int status = HorizonCommand.execute(args);
        assertEquals(0, status, () -> "stderr: " + err.toString(StandardCharsets.UTF_8));
        final List<String> lines = new ArrayList<>();
        for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private List<Map<String, String>> json(final String... args) throws IOException
    {
        final List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        final List<Map<String, String>> records = new ArrayList<>();
        final JsonFactory factory = new JsonFactory();
        for (final String line : run(withJson.toArray(new String[0])))
        {
            final Map<String, String> record = new LinkedHashMap<>();
            try (JsonParser p = factory.createParser(line))
            {
                assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
                while (p.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = p.currentName();
                    p.nextToken();
                    record.put(name, p.getText());
                }
            }
            records.add(record);
        }
        return records;
    }

    @Test
    void shouldPrintAnAlignedTimelineWithNamesAndStopAtTheLimit()
    {
        final List<String> lines = run("replay", "--state", state.toString(), "--limit", "40");

        assertEquals(40, lines.size());
        // Record 0 is a quote, or a heartbeat when the timer (live from goLive) beat the feed's first tick.
        assertTrue(lines.get(0).contains("#        0  QUOTE") || lines.get(0).contains("#        0  HEARTBEAT"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*#\\s+\\d+  QUOTE .*")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("-> ") && l.contains("VENUE_NEW") && l.contains("paper")), String.join("\n", lines));
    }

    @Test
    void shouldReturnExactlyTheEntriesThatMatchTheMarketAndTypeFilters() throws IOException
    {
        final List<Map<String, String>> all = json("replay", "--state", state.toString());
        final List<Map<String, String>> expected = all.stream()
            .filter(r -> "AAPL".equals(r.get("market")))
            .filter(r -> "NEW_ORDER".equals(r.get("type")) || "FILL".equals(r.get("exec_type")) || "VENUE_FILL".equals(r.get("type")))
            .toList();
        assertFalse(expected.isEmpty(), "the run traded AAPL");

        final List<Map<String, String>> filtered =
            json("replay", "--state", state.toString(), "--market", "AAPL", "--type", "new_order,fill,venue_fill");

        assertEquals(expected, filtered);
    }

    @Test
    void shouldFollowOneOrderThroughItsVenueResponses() throws IOException
    {
        final List<Map<String, String>> all = json("replay", "--state", state.toString());
        final Map<String, String> fill = all.stream().filter(r -> "FILL".equals(r.get("exec_type"))).findFirst().orElseThrow();

        final List<Map<String, String>> life = json("replay", "--state", state.toString(), "--order", fill.get("client_order_id"));

        assertEquals(lifeOf(all, fill.get("order_id")), life);
        assertTrue(life.stream().anyMatch(r -> "PENDING_NEW".equals(r.get("exec_type"))), life.toString());
        assertTrue(life.stream().anyMatch(r -> "VENUE_ACK".equals(r.get("type"))), life.toString());
        assertTrue(life.stream().anyMatch(r -> "VENUE_FILL".equals(r.get("type"))), life.toString());
    }

    @Test
    void shouldFollowAReplacedOrderBackToItsOriginalNewOrder() throws IOException
    {
        final List<Map<String, String>> all = json("replay", "--state", state.toString());
        final Map<String, String> amend = all.stream()
            .filter(r -> "VENUE_AMEND".equals(r.get("kind")) && r.containsKey("orig_client_order_id"))
            .reduce((first, second) -> second)
            .orElseThrow(() -> new AssertionError("the market maker amended no order in the run"));
        final String original = all.stream()
            .filter(r -> "PENDING_NEW".equals(r.get("exec_type")) && amend.get("order_id").equals(r.get("order_id")))
            .findFirst().orElseThrow().get("client_order_id");

        final List<Map<String, String>> life = json("replay", "--state", state.toString(), "--order", amend.get("client_order_id"));

        assertEquals(lifeOf(all, amend.get("order_id")), life);
        // The strategy's orders start inside the engine: the original id's first entry is its PENDING_NEW report.
        assertTrue(life.stream().anyMatch(r -> "PENDING_NEW".equals(r.get("exec_type")) && original.equals(r.get("client_order_id"))),
            life.toString());
        assertTrue(life.stream().anyMatch(r -> "VENUE_ACK".equals(r.get("type"))), life.toString());
    }

    /**
     * The entries of one engine order, worked out from the whole timeline: outputs with its order
     * id, venue responses with its order id, and requests naming any client order id it carried.
     */
    private static List<Map<String, String>> lifeOf(final List<Map<String, String>> all, final String orderId)
    {
        final Set<String> clientOrderIds = new HashSet<>();
        for (final Map<String, String> r : all)
        {
            if ("output".equals(r.get("record")) && orderId.equals(r.get("order_id")))
            {
                clientOrderIds.add(r.get("client_order_id"));
                clientOrderIds.add(r.get("orig_client_order_id"));
            }
        }
        clientOrderIds.remove(null);
        return all.stream()
            .filter(r -> clientOrderIds.contains(r.get("client_order_id")) || clientOrderIds.contains(r.get("orig_client_order_id")) ||
                (orderId.equals(r.get("order_id")) && ("output".equals(r.get("record")) || r.get("type").startsWith("VENUE_"))))
            .toList();
    }

    @Test
    void shouldKeepOnlyEntriesInsideTheTimeWindow() throws IOException
    {
        final List<Map<String, String>> all = json("replay", "--state", state.toString(), "--inputs-only");
        final String since = all.get(all.size() / 3).get("time");
        final String until = all.get(2 * all.size() / 3).get("time");
        final long sinceNanos = Long.parseLong(all.get(all.size() / 3).get("ts_nanos"));
        final long untilNanos = Long.parseLong(all.get(2 * all.size() / 3).get("ts_nanos"));

        final List<Map<String, String>> window =
            json("replay", "--state", state.toString(), "--inputs-only", "--since", since, "--until", until);

        final List<Map<String, String>> expected = all.stream()
            .filter(r -> Long.parseLong(r.get("ts_nanos")) >= sinceNanos && Long.parseLong(r.get("ts_nanos")) <= untilNanos)
            .toList();
        assertEquals(expected, window);
    }

    @Test
    void shouldVerifyTheRunDeterministically()
    {
        final List<String> lines = run("replay", "--state", state.toString(), "--verify");

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("verified "), lines.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "dedicated"})
    void shouldVerifyTheRunInEitherThreadingMode(final String mode)
    {
        final List<String> lines = run("replay", "--state", state.toString(), "--verify", "--threading", mode);

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("verified "), lines.get(0));
    }

    @Test
    void shouldRefuseAnUnknownThreadingModeAndOneWithoutVerify()
    {
        assertEquals(2, HorizonCommand.execute("replay", "--state", state.toString(), "--verify", "--threading", "both"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("threading mode 'both' is not known; use one of: auto, shared, dedicated"), message);
        assertFalse(message.contains("\tat "), message);
        err.reset();

        assertEquals(2, HorizonCommand.execute("replay", "--state", state.toString(), "--threading", "shared"));
        message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--threading shared only applies to --verify"), message);
    }

    @Test
    void shouldRefuseAnUnknownTypeListingTheKnownOnes()
    {
        assertEquals(2, HorizonCommand.execute("replay", "--state", state.toString(), "--type", "fils"));
        final String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--type 'fils' is not an entry type; use any of:") && message.contains("venue_fill"), message);
        assertFalse(message.contains("\tat "), message);
    }

    @Test
    void shouldSayThereIsNoJournalForAMissingState(@TempDir final Path empty)
    {
        assertEquals(2, HorizonCommand.execute("replay", "--state", empty.resolve("none").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no journal at"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldStopAtACorruptedRecordNamingFileAndRecord(@TempDir final Path copy) throws IOException
    {
        final Path damaged = copy.resolve("state");
        copyTree(state, damaged);
        final Path file;
        try (Stream<Path> files = Files.list(damaged.resolve("journal").resolve("inbound")))
        {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        int seen = 0;
        long offset = -1;
        for (int i = 0; i + 3 < bytes.length; i++)
        {
            // An inbound record of journal layout 2: magic, layout, flags, SBE header (template 1, schema 7201).
            if (i + 9 < bytes.length && bytes[i] == 0x48 && bytes[i + 1] == 2 && bytes[i + 2] == 0 && bytes[i + 3] == 0 &&
                bytes[i + 6] == 1 && bytes[i + 7] == 0 && bytes[i + 8] == 0x21 && bytes[i + 9] == 0x1C && seen++ == 10)
            {
                offset = i;
                break;
            }
        }
        assertTrue(offset > 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset + 33);
            raf.write(0x7F);
        }

        assertEquals(2, HorizonCommand.execute("replay", "--state", damaged.toString(), "--inputs-only"));
        final String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(file.getFileName().toString()) && message.contains("checksum does not match"), message);
        assertFalse(message.contains("\tat "), message);
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(p, target);
                }
            }
        }
    }
}
