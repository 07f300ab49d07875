package io.horizon.ops.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.event.FixedPoint;
import io.horizon.fix.sim.FixExchangeSimulator;
import io.horizon.fix.sim.FixSimSettings;
import io.horizon.fix.sim.SimFaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon fix-sim}: a FIX 4.4 exchange simulator (QuickFIX/J acceptor) to run Horizon's
 * FIX venue against, as a process of its own.
 */
@Command(
    name = "fix-sim",
    header = "Run a FIX 4.4 exchange simulator to point a FIX venue at.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run a FIX 4.4 exchange simulator: a QuickFIX/J acceptor (an engine independent of",
        "Horizon's own Artio side) that takes NewOrderSingle, OrderCancelRequest and",
        "OrderCancelReplaceRequest and answers with ExecutionReports and OrderCancelRejects.",
        "It matches with the paper venue's rules: resting orders in price-time priority, fills",
        "at the touch of its own market, which is a seeded random walk over the instruments",
        "(a step every --tick-ms), or fixed quotes (--quote) for known liquidity.",
        "It publishes that market as FIX market data: a MarketDataRequest (V) gets a snapshot",
        "(W), then incremental refreshes (X) as the top of book moves and trades print; a",
        "symbol it does not list gets a MarketDataRequestReject (Y).",
        "",
        "It accepts one session: its own CompID (--comp-id, the TargetCompID Horizon sends) and",
        "one client (--client-comp-id, Horizon's SenderCompID). Its sequence numbers live in",
        "memory: restart Horizon's session with reset_on_logon = true after restarting it.",
        "It stops on Ctrl-C or after --duration.",
        "",
        "Fault modes, to see what Horizon does when a venue misbehaves (deploy/runbooks/venue-disconnect.md):",
        "--delay-ms holds every message it sends, --reject-orders and --reject-logons refuse them all,",
        "--drop-every cuts the session (no Logout) at an interval, and --gap-fill-resends answers a",
        "resend request with a gap fill, so fills sent while Horizon was away arrive only through",
        "Horizon's order status requests after it logs on again. --reject-mass-status refuses",
        "OrderMassStatusRequest (Horizon falls back to one OrderStatusRequest per order), and",
        "--drop-after-replace cuts the session right after applying each replace, before its report.",
        "",
        "Run Horizon against it (two terminals):",
        "  bin/horizon fix-sim",
        "  bin/horizon preset show fix-sim > fix-sim.hz.toml",
        "  bin/horizon run --preset fix-sim.hz.toml --state ./fix-state",
        "",
        "Examples:",
        "  horizon fix-sim                                   127.0.0.1:9878, AAPL MSFT SPY",
        "  horizon fix-sim --port 9900 --instrument ES=5000 --tick-ms 5",
        "  horizon fix-sim --quote AAPL=189.99x100/190.01x100   fixed liquidity, re-quoted every tick",
        "  FIX_PASSWORD=s3cret horizon fix-sim --username desk1 --password-env FIX_PASSWORD",
        "  horizon fix-sim --drop-every 30s --gap-fill-resends      an unreliable venue",
        "  horizon fix-sim --delay-ms 250                            a slow venue",
        "",
        "Options:"
    })
public final class FixSimCommand implements Callable<Integer>
{
    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
        description = "Address to listen on. Default: ${DEFAULT-VALUE} (this host only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + FixSimSettings.DEFAULT_PORT,
        description = "Port to listen on; 0 picks a free one (printed at start). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--comp-id", paramLabel = "ID", defaultValue = FixSimSettings.DEFAULT_COMP_ID,
        description = "The simulator's CompID. Default: ${DEFAULT-VALUE}")
    String compId;

    @Option(names = "--client-comp-id", paramLabel = "ID", defaultValue = FixSimSettings.DEFAULT_CLIENT_COMP_ID,
        description = "The client CompID it accepts (Horizon's sender_comp_id). Default: ${DEFAULT-VALUE}")
    String clientCompId;

    @Option(names = "--instrument", paramLabel = "SYMBOL=PRICE",
        description = "An instrument it lists, with its reference price; repeat for more. " +
            "Default: AAPL=190 MSFT=420 SPY=560 (as the paper and fix-sim presets).")
    List<String> instruments = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of its synthetic market. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--tick-ms", paramLabel = "MS", defaultValue = "20",
        description = "Milliseconds between market steps (one instrument moves per step); 0 for a still market. " +
            "Default: ${DEFAULT-VALUE}")
    long tickMillis;

    @Option(names = "--quote", paramLabel = "SYMBOL=BIDxQTY/ASKxQTY",
        description = "A fixed quote re-published every step instead of the synthetic market, e.g. " +
            "AAPL=189.99x100/190.01x100; repeat for more symbols.")
    List<String> quotes = new ArrayList<>();

    @Option(names = "--username", paramLabel = "NAME",
        description = "Refuse a logon whose Username (553) is not NAME (and whose Password is not --password-env's).")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "Environment variable holding the Password (554) a logon must carry; never the password itself.")
    String passwordEnv;

    @Option(names = "--delay-ms", paramLabel = "MS", defaultValue = "0",
        description = "Fault: hold every message it sends this long (order kept). Default: ${DEFAULT-VALUE}")
    long delayMillis;

    @Option(names = "--reject-orders",
        description = "Fault: reject every NewOrderSingle (ExecutionReport 150=8, 103=99 Other).")
    boolean rejectOrders;

    @Option(names = "--reject-logons",
        description = "Fault: refuse every Logon with a Logout, as for bad credentials.")
    boolean rejectLogons;

    @Option(names = "--drop-every", paramLabel = "D", converter = DurationConverter.class,
        description = "Fault: drop the logged-on session (no Logout) this often, e.g. 30s.")
    Duration dropEvery;

    @Option(names = "--gap-fill-resends",
        description = "Fault: keep no copy of sent messages; a resend request gets a SequenceReset-GapFill.")
    boolean gapFillResends;

    @Option(names = "--reject-mass-status",
        description = "Fault: answer OrderMassStatusRequest (35=AF) with a BusinessMessageReject, as a venue without it.")
    boolean rejectMassStatus;

    @Option(names = "--drop-after-replace",
        description = "Fault: drop the session (no Logout) right after applying each replace, before its report goes out.")
    boolean dropAfterReplace;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
        description = "Stop after this long (e.g. 90s, 5m). Default: run until Ctrl-C.")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException
    {
        final FixSimSettings settings;
        final SimFaults faults;
        try
        {
            settings = settings();
            faults = new SimFaults().delayMillis(delayMillis).rejectOrders(rejectOrders).rejectLogons(rejectLogons)
                .dropEveryMillis(dropEvery == null ? 0 : dropEvery.toMillis()).gapFillResends(gapFillResends)
                .rejectMassStatus(rejectMassStatus).dropAfterReplace(dropAfterReplace);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("horizon fix-sim: error: " + ex.getMessage());
            return 2;
        }
        final FixExchangeSimulator simulator;
        try
        {
            simulator = new FixExchangeSimulator(settings, faults).start();
        }
        catch (final IllegalStateException ex)
        {
            System.err.println("horizon fix-sim: error: " + ex.getMessage());
            return 1;
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            simulator.close();
        }, "fix-sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("fix-sim listening on " + settings.host() + ":" + simulator.port() + " as " + settings.compId() +
            ", accepting " + settings.clientCompId() + "; instruments " + describe(settings.instruments()) + "; market " +
            (settings.fixedQuotes().isEmpty() ? "synthetic, seed " + settings.seed() : "fixed quotes") +
            (settings.tickMillis() > 0 ? ", a step every " + settings.tickMillis() + " ms" : ", still") +
            "; faults: " + faults + ". Ctrl-C stops.");
        if (duration == null)
        {
            stop.await();
        }
        else
        {
            stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            simulator.close();
        }
        return 0;
    }

    private FixSimSettings settings()
    {
        final Map<String, Long> listed = new LinkedHashMap<>();
        final List<String> specs = instruments.isEmpty() ? List.of("AAPL=190", "MSFT=420", "SPY=560") : instruments;
        for (final String spec : specs)
        {
            final int eq = spec.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("--instrument " + spec + ": use SYMBOL=PRICE, e.g. --instrument AAPL=190");
            }
            listed.put(spec.substring(0, eq), price("--instrument " + spec, spec.substring(eq + 1)));
        }
        final List<FixSimSettings.FixedQuote> fixed = new ArrayList<>();
        for (final String spec : quotes)
        {
            fixed.add(quote(spec));
        }
        String password = null;
        if (passwordEnv != null)
        {
            password = System.getenv(passwordEnv);
            if (password == null)
            {
                throw new IllegalArgumentException("--password-env " + passwordEnv + ": that environment variable is not set");
            }
        }
        if ((username == null) != (password == null))
        {
            throw new IllegalArgumentException("--username and --password-env go together: give both or neither");
        }
        return new FixSimSettings(host, port, compId, clientCompId, listed, seed, tickMillis, fixed, username, password);
    }

    private static FixSimSettings.FixedQuote quote(final String spec)
    {
        final String usage = "--quote " + spec + ": use SYMBOL=BIDxQTY/ASKxQTY, e.g. --quote AAPL=189.99x100/190.01x100";
        final int eq = spec.indexOf('=');
        final int slash = spec.indexOf('/');
        if (eq <= 0 || slash < eq)
        {
            throw new IllegalArgumentException(usage);
        }
        final String[] bid = spec.substring(eq + 1, slash).split("x");
        final String[] ask = spec.substring(slash + 1).split("x");
        if (bid.length != 2 || ask.length != 2)
        {
            throw new IllegalArgumentException(usage);
        }
        final long bidPrice = price(usage, bid[0]);
        final long askPrice = price(usage, ask[0]);
        if (bidPrice >= askPrice)
        {
            throw new IllegalArgumentException("--quote " + spec + ": the bid must be below the ask");
        }
        return new FixSimSettings.FixedQuote(spec.substring(0, eq), bidPrice, price(usage, bid[1]), askPrice,
            price(usage, ask[1]));
    }

    private static long price(final String context, final String text)
    {
        final long value;
        try
        {
            value = FixedPoint.parse(text.trim());
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(context + ": " + text + " is not a number");
        }
        if (value <= 0)
        {
            throw new IllegalArgumentException(context + ": " + text + " must be above 0");
        }
        return value;
    }

    private static String describe(final Map<String, Long> instruments)
    {
        final StringBuilder sb = new StringBuilder();
        instruments.forEach((symbol, price) -> sb.append(sb.length() == 0 ? "" : ", ").append(symbol).append(' ')
            .append(FixedPoint.format(price)));
        return sb.toString();
    }
}
