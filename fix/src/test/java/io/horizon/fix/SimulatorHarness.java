package io.horizon.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;

/**
 * One FIX exchange simulator (QuickFIX/J) on a free loopback port, quoting AAPL 99.00 x 4 /
 * 100.00 x 4 (or another size) again at each {@link FixExchangeSimulator#tick()}, and FIX venues (Artio) built
 * against it on a directory, polled by the test thread as the engine thread would (parking briefly
 * when a poll finds nothing), and closed with it.
 * <p>
 * Public for the tests of the other {@code io.horizon.fix} packages (market data), so that they
 * start the simulator and poll the venue the same way. Not thread-safe: the test thread builds,
 * polls and closes it.
 */
public final class SimulatorHarness implements AutoCloseable
{
    static final long TIMEOUT_MS = 20_000;
    private static final long IDLE_NANOS = 50_000;
    static final ReferenceData REFERENCE_DATA = ReferenceData.builder()
        .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(100))
        .account("paper", FixedPoint.ofUnits(1_000_000))
        .build();

    /** The simulator, started; closed by {@link #close()}. */
    public final FixExchangeSimulator simulator;
    final SimFaults faults;
    private final List<FixVenue> venues = new ArrayList<>();

    SimulatorHarness(final SimFaults faults)
    {
        this(faults, 4);
    }

    /**
     * As above, quoting AAPL 99.00 x {@code quoteUnits} / 100.00 x {@code quoteUnits}: a large size
     * fills every small buy at 100 at once.
     */
    SimulatorHarness(final SimFaults faults, final long quoteUnits)
    {
        this(faults, quoteUnits, null, null);
    }

    /**
     * As above, accepting only logons with this Username (553) and Password (554).
     */
    SimulatorHarness(final SimFaults faults, final long quoteUnits, final String username, final String password)
    {
        this(faults, List.of(new FixSimSettings.FixedQuote("AAPL", FixedPoint.ofUnits(99), FixedPoint.ofUnits(quoteUnits),
            FixedPoint.ofUnits(100), FixedPoint.ofUnits(quoteUnits))), username, password);
    }

    /**
     * A simulator listing AAPL only, quoting these fixed quotes in turn, one more at each
     * {@link FixExchangeSimulator#tick()} (the first already), accepting any logon.
     */
    public SimulatorHarness(final SimFaults faults, final List<FixSimSettings.FixedQuote> quotes)
    {
        this(faults, quotes, null, null);
    }

    private SimulatorHarness(final SimFaults faults, final List<FixSimSettings.FixedQuote> quotes, final String username,
        final String password)
    {
        this.faults = faults;
        final Map<String, Long> instruments = new LinkedHashMap<>();
        instruments.put("AAPL", FixedPoint.ofUnits(100));
        simulator = new FixExchangeSimulator(new FixSimSettings("127.0.0.1", 0, "HZSIM", "HORIZON", instruments, 42, 0,
            quotes, username, password), faults).start();
        simulator.tick();
    }

    /**
     * A venue that keeps its sequence numbers (no reset at logon), reconnecting after 100 ms .. 400 ms;
     * {@link #close()} closes it (a test closes it itself only to restart on its directory).
     */
    FixVenue venue(final Path directory)
    {
        return owned(new FixVenue(settings(), REFERENCE_DATA, directory, null));
    }

    /**
     * A venue that knows the instruments of {@code referenceData} (the simulator lists only AAPL) and
     * resets its sequence numbers at each logon when {@code resetOnLogon}, reconnecting after 100 ms ..
     * 1 s; {@link #close()} closes it.
     */
    public FixVenue venue(final Path directory, final ReferenceData referenceData, final boolean resetOnLogon)
    {
        return owned(new FixVenue(new FixSessionSettings("sim", "127.0.0.1", simulator.port(), "HORIZON", "HZSIM", 5, 100,
            1_000, null, null, resetOnLogon), referenceData, directory, null));
    }

    /**
     * As {@link #venue(Path)}, with its metrics in {@code counters} and the channel between the Artio
     * library and engine of {@code termLength} bytes (small: it fills quickly, for back-pressure).
     */
    FixVenue venue(final Path directory, final EngineCounters counters, final int termLength)
    {
        return owned(new FixVenue(settings(), REFERENCE_DATA, directory, counters, termLength));
    }

    /**
     * A run before a restart on the directory: a venue logs on, sends the order, waits until
     * {@code responses} has {@code lines} lines, and is closed (stopped); the next venue on the
     * directory is the restart.
     */
    void runThenStop(final Path directory, final EngineOutput order, final RecordingResponses responses,
        final int lines)
    {
        final FixVenue first = venue(directory);
        pollUntil(first, responses, first::isLoggedOn, "logged on");
        first.submit(order, responses);
        pollUntil(first, responses, () -> responses.lines.size() == lines, lines + " response(s) before the stop");
        first.close();
    }

    private FixVenue owned(final FixVenue venue)
    {
        venues.add(venue);
        return venue;
    }

    private FixSessionSettings settings()
    {
        return new FixSessionSettings("sim", "127.0.0.1", simulator.port(), "HORIZON", "HZSIM", 5, 100, 400, null, null,
            false);
    }

    /** @return the value of the metric with this label in {@code counters}, or -1 when there is none. */
    static long counter(final EngineCounters counters, final String label)
    {
        final long[] value = {-1};
        counters.reader().forEach((v, id, l) ->
        {
            if (l.equals(label))
            {
                value[0] = v;
            }
        });
        return value[0];
    }

    static EngineOutput command(final OutputKind kind, final long orderId, final Side side, final long price,
        final long quantity)
    {
        final EngineOutput out = new EngineOutput().clear();
        out.kind = kind;
        out.orderId = orderId;
        out.clientOrderIdHi = 0x0190_0000_0000_0000L;
        out.clientOrderIdLo = 5_000 + orderId;
        out.accountId = 0;
        out.instrumentId = 0;
        out.side = side;
        out.orderType = OrderType.LIMIT;
        out.price = FixedPoint.ofUnits(price);
        out.quantity = FixedPoint.ofUnits(quantity);
        return out;
    }

    static void pollUntil(final FixVenue venue, final RecordingResponses responses, final BooleanSupplier condition,
        final String what)
    {
        pollUntil(venue, responses, condition, what, () -> "responses " + responses.lines);
    }

    /**
     * Polls the venue until the condition holds, at most {@value #TIMEOUT_MS} ms; a timeout's message
     * names what was awaited and what was {@code seen}.
     */
    public static void pollUntil(final FixVenue venue, final VenueResponses responses, final BooleanSupplier condition,
        final String what, final Supplier<String> seen)
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what + "; " + seen.get());
            }
            if (venue.poll(responses) == 0)
            {
                idle();
            }
        }
    }

    /** Polls for this long: whatever was due has arrived, and nothing more. */
    public static void pollFor(final FixVenue venue, final VenueResponses responses, final long millis)
    {
        final long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end)
        {
            if (venue.poll(responses) == 0)
            {
                idle();
            }
        }
    }

    /**
     * An idle poll parks for {@value #IDLE_NANOS} ns, as the engine thread's back-off does, instead of
     * spinning: on a 2-core machine a spinning test thread takes a whole core from the Artio framer
     * and the simulator it waits for.
     */
    static void idle()
    {
        LockSupport.parkNanos(IDLE_NANOS);
    }

    /** Closes the venues it made (closing one twice is harmless), then the simulator. */
    @Override
    public void close()
    {
        try
        {
            venues.forEach(FixVenue::close);
        }
        finally
        {
            simulator.close();
        }
    }
}
