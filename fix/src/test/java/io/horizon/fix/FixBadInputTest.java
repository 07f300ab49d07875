package io.horizon.fix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.fix44.ExecutionReport;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollFor;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input from the counterparty, sent by the simulator over the live session: each refused
 * message is logged and handed, raw, to the venue's {@link RefusedMessageSink} with the session,
 * the tag and the value; nothing is applied twice and the session keeps trading. Bytes that are
 * not well-formed FIX (garbage, a wrong CheckSum or BodyLength, a required tag missing) are also
 * counted in {@code horizon_venue_invalid_messages_total} and logged as invalid.
 */
final class FixBadInputTest
{
    @TempDir
    Path directory;

    private SimulatorHarness harness;
    private FixVenue venue;
    private final RecordingResponses responses = new RecordingResponses();
    private final List<String> refused = new ArrayList<>();
    private final EngineCounters counters = new EngineCounters();
    private CapturedStderr log;

    @BeforeEach
    void logOn()
    {
        log = new CapturedStderr();
        harness = new SimulatorHarness(new SimFaults());
        venue = harness.venue(directory, counters, ArtioMediaStack.TERM_LENGTH);
        venue.refusedMessages((venueName, session, messageType, tag, value, reason, raw) ->
            refused.add(venueName + " | " + session + " | " + messageType + " | " + tag + " | " + value + " | " + reason +
                " | " + raw));
        pollUntil(venue, responses, venue::isLoggedOn, "logged on");
        // The logon's OrderMassStatusRequest is answered before a test moves sequence numbers.
        pollUntil(venue, responses, () -> !venue.isReconcilingMassStatus(), "the mass status answer");
    }

    @AfterEach
    void stop()
    {
        try
        {
            harness.close();
        }
        finally
        {
            log.close();
        }
    }

    @Test
    void shouldKeepAReportForAnUnknownClOrdIdRawWithTheSessionTagAndValue()
    {
        harness.simulator.sendToClient(report("hzn_NOSUCHORDER", "X1", 1, 1));
        pollUntil(venue, responses, () -> refused.size() == 1, "the refusal");
        final String line = refused.get(0);
        assertTrue(line.startsWith("sim | sim HORIZON->HZSIM@127.0.0.1:" + harness.simulator.port() +
            " | ExecutionReport | 11=ClOrdID | hzn_NOSUCHORDER | no live order"), line);
        assertTrue(line.contains("35=8|") && line.contains("|11=hzn_NOSUCHORDER|") && line.contains("|17=X1|"),
            "the raw message: " + line);
        assertEquals(List.of(), responses.lines);
    }

    @Test
    void shouldRefuseAnOverfillAndApplyADuplicateExecIdOnceKeepingBoth()
    {
        final long id = 1;
        venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 2), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
        final String clOrdId = io.horizon.engine.order.ClientOrderIds.format(0x0190_0000_0000_0000L, 5_000 + id);

        harness.simulator.sendToClient(report(clOrdId, "X2", 5, 5));
        harness.simulator.sendToClient(report(clOrdId, "X3", 1, 1));
        harness.simulator.sendToClient(report(clOrdId, "X3", 1, 1));
        pollUntil(venue, responses, () -> refused.size() == 2, "both refusals");
        pollFor(venue, responses, 200);

        assertEquals(List.of("ack 1", "fill 1 1@90 leaves 1"), responses.lines);
        assertTrue(refused.get(0).contains("| 32=LastQty | 5 | overfill"), refused.get(0));
        assertTrue(refused.get(0).contains("|17=X2|"), refused.get(0));
        assertTrue(refused.get(1).contains("| 17=ExecID | X3 | duplicate"), refused.get(1));
        assertEquals(1, venue.duplicateExecIds());
    }

    @Test
    void shouldCountReportsForAnOrderAlreadyFilledQuietlyWithoutApplyingOrRefusingThem()
    {
        final long id = 7;
        venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
        final String clOrdId = io.horizon.engine.order.ClientOrderIds.format(0x0190_0000_0000_0000L, 5_000 + id);
        harness.simulator.sendToClient(report(clOrdId, "X6", 1, 1));
        pollUntil(venue, responses, () -> responses.lines.size() == 2, "the fill that ends the order");

        // The same fill again and a fill under a new ExecID: the order is over, neither is applied.
        harness.simulator.sendToClient(report(clOrdId, "X6", 1, 1));
        harness.simulator.sendToClient(report(clOrdId, "X7", 1, 2));
        pollUntil(venue, responses, () -> venue.lateReports() == 2, "both late reports counted");
        harness.simulator.sendToClient(report("hzn_NEVERSENT", "X8", 1, 1));
        pollUntil(venue, responses, () -> refused.size() == 1, "the unknown ClOrdID refused");

        assertEquals(List.of("ack 7", "fill 7 1@90 leaves 0"), responses.lines);
        assertTrue(refused.get(0).contains("| 11=ClOrdID | hzn_NEVERSENT |"), "only the never-sent order is refused: " +
            refused);
        assertEquals(0, venue.duplicateExecIds());
    }

    @Test
    void shouldRefuseAnUnreadableValueAndKeepTrading()
    {
        final long id = 2;
        venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 2), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
        final String clOrdId = io.horizon.engine.order.ClientOrderIds.format(0x0190_0000_0000_0000L, 5_000 + id);
        final ExecutionReport garbage = report(clOrdId, "X4", 1, 1);
        garbage.setString(LastQty.FIELD, "1x5");
        harness.simulator.sendToClient(garbage);
        pollFor(venue, responses, 500);

        venue.cancel(command(OutputKind.VENUE_CANCEL, id, Side.BUY, 90, 2), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 2, "the cancel");
        assertEquals(List.of("ack 2", "canceled 2 leaves 2"), responses.lines, "nothing applied from the garbage; " +
            "refused: " + refused);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("| 32=LastQty/31=LastPx | 1x5/90 |"), refused.get(0));
    }

    @Test
    void shouldLogCountAndKeepGarbageBeforeAMessageAndStillApplyTheMessage()
    {
        final String clOrdId = ackedOrder(8, 90, 2);
        // Bytes that are no FIX message at all, right before a fill: Artio drops what it cannot frame (with
        // the fill when one read brought both); the fill then comes back by resend, after the next message.
        harness.simulator.sendRawToClient("\u0000\u00ff\u00feGARBAGE, not FIX at all\r\n");
        harness.simulator.sendToClient(report(clOrdId, "X9", 1, 1));
        pollUntil(venue, responses, () -> invalidMessages() >= 1, "the garbage counted");
        venue.submit(command(OutputKind.VENUE_NEW, 9, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> responses.lines.contains("fill 8 1@90 leaves 1") &&
            responses.lines.contains("ack 9"), "the fill after the garbage and the next ack");

        assertEquals(1, invalidMessages());
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith(sessionPrefix() + "(unframed bytes) | (none) | \\x00\\xff\\xfeGARBAGE"),
            refused.get(0));
        assertTrue(refused.get(0).contains("no 8=BeginString at the start") &&
            refused.get(0).contains("| \\x00\\xff\\xfeGARBAGE, not FIX at all\\x0d\\x0a"), "the raw bytes: " + refused.get(0));
        assertLogged("invalid message from the venue, no 8=BeginString at the start (not FIX)", "first bytes: " +
            "\\x00\\xff\\xfeGARBAGE, not FIX at all\\x0d\\x0a");
    }

    @Test
    void shouldLogCountAndKeepAMessageWithABadBodyLengthAndKeepTrading()
    {
        final String body = "35=8\u000111=hzn_GARBAGE\u0001554=secret\u0001";
        harness.simulator.sendRawToClient("8=FIX.4.4\u00019=5\u0001" + body + "10=000\u0001");
        pollUntil(venue, responses, () -> invalidMessages() == 1, "the bad BodyLength counted");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith(sessionPrefix() + "35=8 | 9=BodyLength | 5 | the body from 35=MsgType to " +
            "10=CheckSum is " + body.length() + " bytes"), refused.get(0));
        assertTrue(refused.get(0).endsWith("| 8=FIX.4.4|9=5|35=8|11=hzn_GARBAGE|554=***|10=000|"),
            "the raw bytes, the password masked: " + refused.get(0));
        assertLogged("invalid message from the venue: 35=8 9=BodyLength 5: the body from 35=MsgType to 10=CheckSum is " +
            body.length() + " bytes");
        assertTrue(!log.text().contains("secret"), "no password in the log");

        assertTradingGoesOn();
        assertEquals(List.of("ack 7", "fill 7 2@100 leaves 0"), responses.lines, "nothing applied from the bad frame");
    }

    @Test
    void shouldLogCountAndKeepAMessageWithABadCheckSumWithoutApplyingIt()
    {
        final String clOrdId = ackedOrder(10, 90, 2);
        final String body = "35=8\u000149=HZSIM\u000156=HORIZON\u000134=900\u000152=" +
            DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").format(ZonedDateTime.now(ZoneOffset.UTC)) +
            "\u000111=" + clOrdId + "\u000117=XBAD\u0001150=F\u000139=1\u000132=1\u000131=90\u000114=1\u0001151=1\u0001";
        final String head = "8=FIX.4.4\u00019=" + body.length() + "\u0001" + body;
        int sum = 0;
        for (final byte b : head.getBytes(StandardCharsets.US_ASCII))
        {
            sum += b;
        }
        final String wrong = String.format("%03d", (sum + 1) % 256);
        harness.simulator.sendRawToClient(head + "10=" + wrong + "\u0001");
        pollUntil(venue, responses, () -> invalidMessages() == 1, "the bad CheckSum counted");
        pollFor(venue, responses, 300);

        assertEquals(List.of("ack 10"), responses.lines, "nothing applied from the bad CheckSum");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith(sessionPrefix() + "35=8 | 10=CheckSum | " + wrong + " | the bytes before " +
            "it sum to " + String.format("%03d", sum % 256)), refused.get(0));
        assertTrue(refused.get(0).contains("|17=XBAD|") && refused.get(0).endsWith("|10=" + wrong + "|"),
            "the raw message: " + refused.get(0));
        assertLogged("invalid message from the venue: 35=8 10=CheckSum " + wrong + ": the bytes before it sum to");

        venue.cancel(command(OutputKind.VENUE_CANCEL, 10, Side.BUY, 90, 2), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 2, "the cancel");
        assertEquals(List.of("ack 10", "canceled 10 leaves 2"), responses.lines);
    }

    @Test
    void shouldLogCountAndKeepAReportMissingARequiredTagWithoutApplyingIt()
    {
        final String clOrdId = ackedOrder(11, 90, 2);
        final ExecutionReport noExecId = report(clOrdId, "X11", 1, 1);
        noExecId.removeField(ExecID.FIELD);
        harness.simulator.sendToClient(noExecId);
        pollUntil(venue, responses, () -> invalidMessages() == 1, "the report without ExecID counted");
        pollFor(venue, responses, 300);

        assertEquals(List.of("ack 11"), responses.lines, "nothing applied from the report without ExecID");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith(sessionPrefix() + "ExecutionReport | 17=ExecID | (absent) | a tag FIX 4.4 " +
            "requires is missing (11=ClOrdID " + clOrdId + ")"), refused.get(0));
        assertTrue(refused.get(0).contains("|35=8|") && refused.get(0).contains("|11=" + clOrdId + "|") &&
            !refused.get(0).contains("|17="), "the raw message: " + refused.get(0));
        assertLogged("invalid message from the venue: ExecutionReport 17=ExecID (absent): a tag FIX 4.4 requires is " +
            "missing (11=ClOrdID " + clOrdId + ")");

        venue.cancel(command(OutputKind.VENUE_CANCEL, 11, Side.BUY, 90, 2), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 2, "the cancel");
        assertEquals(List.of("ack 11", "canceled 11 leaves 2"), responses.lines);
    }

    @Test
    void shouldLogCountAndKeepAMessageTooLargeForArtiosBufferAndTradeAfterTheDrop()
    {
        // A BodyLength beyond Artio's 16 KiB receive buffer: the framer cannot frame it, keeps what it
        // read as invalid, reports an error and drops the session (EXCEPTION); Horizon logs on again.
        final String body = "35=8\u000158=" + "A".repeat(40_000) + "\u0001";
        harness.simulator.sendRawToClient("8=FIX.4.4\u00019=" + body.length() + "\u0001" + body + "10=000\u0001");
        pollUntil(venue, responses, () -> invalidMessages() >= 1 && SimulatorHarness.counter(counters,
            "horizon_venue_disconnect_reasons_total{venue=\"sim\",reason=\"exception\"}") == 1,
            "the oversized message counted and the drop counted as EXCEPTION");

        assertTrue(refused.get(0).startsWith(sessionPrefix() + "35=8 | 9=BodyLength | " + body.length() +
            " | Artio could not frame a message with this BodyLength"), refused.get(0));
        assertTrue(refused.get(0).contains("| 8=FIX.4.4|9=" + body.length() + "|35=8|58=AAAA") &&
            refused.get(0).endsWith("AAAA..."), "the raw bytes, cut: " + refused.get(0).length());
        assertLogged("invalid message from the venue: 35=8 9=BodyLength " + body.length());
        // Artio's own error, read from its distinct error log by the engine's monitoring agent (off this thread).
        pollUntil(venue, responses, () -> log.text().lines().anyMatch(l -> l.contains(
            "WARN io.horizon.fix.ArtioMediaStack - Artio engine ") &&
            l.contains("Unable to frame message, receiver buffer too small")), "Artio's own error in the log");

        assertTradingGoesOn();
        assertEquals(List.of("ack 7", "fill 7 2@100 leaves 0"), responses.lines);
    }

    @Test
    void shouldAskForAResendOfAGapAndKeepTrading()
    {
        harness.simulator.shiftOutgoingSequence(3);
        final long id = 3;
        venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack after the gap");
        assertEquals(List.of("ack 3"), responses.lines);
        assertTrue(venue.isLoggedOn());
    }

    @Test
    void shouldAnswerTheVenuesResendRequestWithoutDuplicatingAnOrder()
    {
        final long first = 5;
        venue.submit(command(OutputKind.VENUE_NEW, first, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the first ack");
        harness.simulator.forgetIncoming(1);
        final long second = 6;
        venue.submit(command(OutputKind.VENUE_NEW, second, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> venue.resendRequests() >= 1 && responses.lines.size() >= 2, "the resend");
        pollFor(venue, responses, 500);
        assertEquals(List.of("ack 5", "ack 6"), responses.lines, "the order resent with PossDupFlag is not a second order");
        assertEquals(List.of(), refused);
        assertTrue(venue.isLoggedOn());
    }

    @Test
    void shouldLogOnAgainAfterAMessageWithASequenceNumberSeenBefore()
    {
        harness.simulator.shiftOutgoingSequence(-2);
        harness.simulator.sendToClient(report("hzn_LOWSEQ", "X5", 1, 1));
        pollUntil(venue, responses, () -> !venue.isLoggedOn(), "the session ended on the sequence error");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("| 34=MsgSeqNum |") && refused.get(0).contains("refused by the session layer"),
            refused.get(0));
        pollUntil(venue, responses, venue::isLoggedOn, "logged on again");
        assertEquals(1, SimulatorHarness.counter(counters, "horizon_venue_disconnects_total{venue=\"sim\"}"));
        // Artio logs out for the low MsgSeqNum; the venue may close the connection first.
        assertEquals(1, SimulatorHarness.counter(counters,
            "horizon_venue_disconnect_reasons_total{venue=\"sim\",reason=\"msg_seq_no_too_low\"}") +
            SimulatorHarness.counter(counters, "horizon_venue_disconnect_reasons_total{venue=\"sim\",reason=\"remote_disconnect\"}"),
            "the drop counted by Artio's reason");
        final long id = 4;
        venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, 90, 1), responses);
        pollUntil(venue, responses, () -> responses.lines.size() == 1, "the ack");
        assertEquals(List.of("ack 4"), responses.lines);
    }

    /** Sends an order at {@code price} and waits for its ack. @return its ClOrdID. */
    private String ackedOrder(final long id, final long price, final long quantity)
    {
        venue.submit(command(OutputKind.VENUE_NEW, id, Side.BUY, price, quantity), responses);
        pollUntil(venue, responses, () -> responses.lines.contains("ack " + id), "the ack of " + id);
        return io.horizon.engine.order.ClientOrderIds.format(0x0190_0000_0000_0000L, 5_000 + id);
    }

    /** An order that the simulator fills at once: acked and filled, so the session still trades. */
    private void assertTradingGoesOn()
    {
        pollUntil(venue, responses, venue::isLoggedOn, "logged on (still, or again)");
        venue.submit(command(OutputKind.VENUE_NEW, 7, Side.BUY, 100, 2), responses);
        pollUntil(venue, responses, () -> responses.lines.contains("fill 7 2@100 leaves 0"), "the ack and the fill");
    }

    private long invalidMessages()
    {
        return SimulatorHarness.counter(counters, "horizon_venue_invalid_messages_total{venue=\"sim\"}");
    }

    private String sessionPrefix()
    {
        return "sim | sim HORIZON->HZSIM@127.0.0.1:" + harness.simulator.port() + " | ";
    }

    private void assertLogged(final String... parts)
    {
        final String session = "WARN io.horizon.fix.FixVenue - FIX session sim HORIZON->HZSIM@127.0.0.1:" +
            harness.simulator.port() + ": ";
        final List<String> lines = log.text().lines().filter(l -> l.contains(session)).toList();
        for (final String line : lines)
        {
            boolean all = true;
            for (final String part : parts)
            {
                all &= line.contains(part);
            }
            if (all)
            {
                return;
            }
        }
        throw new AssertionError("no WARN line for the session with " + List.of(parts) + " in " + lines);
    }

    private static ExecutionReport report(final String clOrdId, final String execId, final double lastQty,
        final double cumQty)
    {
        final ExecutionReport report = new ExecutionReport(new OrderID("1"), new ExecID(execId),
            new ExecType(ExecType.TRADE), new OrdStatus(OrdStatus.PARTIALLY_FILLED),
            new quickfix.field.Side(quickfix.field.Side.BUY), new LeavesQty(0), new CumQty(cumQty), new AvgPx(90));
        report.set(new ClOrdID(clOrdId));
        report.set(new LastQty(lastQty));
        report.set(new LastPx(90));
        return report;
    }
}
