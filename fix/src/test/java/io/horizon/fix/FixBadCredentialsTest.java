package io.horizon.fix;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.OutputKind;
import io.horizon.fix.sim.SimFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.fix.SimulatorHarness.command;
import static io.horizon.fix.SimulatorHarness.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A logon the venue refuses for bad credentials (issue 13, bad input): the simulator (QuickFIX/J,
 * over loopback) takes only Username (553) {@value #USERNAME} with its password and answers any
 * other with a Logout (58=Text "bad credentials"). The venue logs each refusal naming the
 * session, the venue's text and the 553=Username sent, never the password; counts it
 * ({@code horizon_venue_logon_rejects_total}); keeps trying with a back-off without ever being
 * logged on; refuses orders meanwhile (the dead-letter queue keeps them); and, restarted on
 * the same state with the right credentials, logs on and trades.
 */
final class FixBadCredentialsTest
{
    private static final String USERNAME = "horizon-trader";
    private static final String PASSWORD = "right-horse-battery";
    private static final String WRONG_PASSWORD = "wrong-staple-4711";

    @TempDir
    Path directory;

    @Test
    void shouldLogAndCountALogonRefusedForBadCredentialsWithoutThePasswordAndLogOnWithTheRightOnes()
    {
        try (SimulatorHarness harness = new SimulatorHarness(new SimFaults(), 4, USERNAME, PASSWORD))
        {
            final EngineCounters counters = new EngineCounters();
            final FixVenue wrong = harness.venue(directory, counters, 1024 * 1024);
            final RecordingResponses responses = new RecordingResponses();
            wrong.credentials(USERNAME, WRONG_PASSWORD);
            final String log = capturingStandardError(() ->
                pollUntil(wrong, responses, () -> wrong.logonRejects() >= 2, "two refused logons (a retry)"));

            assertFalse(wrong.isLoggedOn());
            assertFalse(harness.simulator.isLoggedOn());
            assertEquals(wrong.logonRejects(),
                SimulatorHarness.counter(counters, "horizon_venue_logon_rejects_total{venue=\"sim\"}"));
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> wrong.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses));
            assertTrue(refused.getMessage().startsWith("not logged on: FIX venue sim"), refused.getMessage());
            assertEquals(List.of(), responses.lines);
            wrong.close();
            assertTrue(log.contains("FIX session sim HORIZON->HZSIM@127.0.0.1:" + harness.simulator.port() +
                ": the venue refused our logon (35=5 Logout, 58=Text bad credentials); check 553=Username " + USERNAME),
                "the log names the session, the venue's reason and the username:\n" + log);
            assertFalse(log.contains(WRONG_PASSWORD) || log.contains(PASSWORD), "never the password:\n" + log);

            // The operator fixes the password secret and restarts on the same state.
            final FixVenue right = harness.venue(directory);
            right.credentials(USERNAME, PASSWORD);
            pollUntil(right, responses, right::isLoggedOn, "logged on with the right credentials");
            right.submit(command(OutputKind.VENUE_NEW, 1, Side.BUY, 90, 1), responses);
            pollUntil(right, responses, () -> responses.lines.size() == 1, "the ack");
            assertEquals(List.of("ack 1"), responses.lines);
        }
    }

    /** @return what was written to standard error (where the test logger writes) while it ran, also passed on. */
    private static String capturingStandardError(final Runnable action)
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new java.io.OutputStream()
        {
            @Override
            public void write(final int b)
            {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try
        {
            action.run();
        }
        finally
        {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
