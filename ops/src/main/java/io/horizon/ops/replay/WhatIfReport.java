package io.horizon.ops.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.output.EngineOutput;
import io.horizon.ops.replay.WhatIfRun.AccountEnd;
import io.horizon.ops.replay.WhatIfRun.Alert;
import io.horizon.ops.replay.WhatIfRun.Decision;
import io.horizon.ops.replay.WhatIfRun.Request;

/**
 * The differences between two re-runs of the same journal, the one built from the state's own
 * preset (the baseline) and the one built from another: new orders, amends and cancels refused
 * that were accepted (and by which layer), accepted that were refused, asked for in only one of
 * them (the strategies took another path); fills; kill switch, watchdog and feed alerts that would (not) have fired; each
 * account's PnL and positions at the end. Both sides are re-runs with the paper venue answering, so
 * the same preset gives no difference.
 * <p>
 * Immutable; any thread.
 */
public final class WhatIfReport
{
    private static final int LINES_PER_SECTION = 20;

    private final WhatIfRun baseline;
    private final WhatIfRun whatIf;
    private final Map<Request, Differences> byRequest = new EnumMap<>(Request.class);
    private final List<Alert> alertsOnlyBaseline = new ArrayList<>();
    private final List<Alert> alertsOnlyWhatIf = new ArrayList<>();
    private final List<String> accountChanges = new ArrayList<>();

    /**
     * How the two runs decided one kind of request: matched by key (a new order by who, when and
     * what; an amend or cancel by the input that caused it and who asked, see {@link Decision}).
     */
    private static final class Differences
    {
        private final List<Decision[]> refused = new ArrayList<>();
        private final List<Decision[]> acceptedInstead = new ArrayList<>();
        private final List<Decision> onlyBaseline = new ArrayList<>();
        private final List<Decision> onlyWhatIf = new ArrayList<>();

        Differences(final List<Decision> baseline, final List<Decision> whatIf)
        {
            final Map<String, Decision> before = byKey(baseline, Decision::key);
            final Map<String, Decision> after = byKey(whatIf, Decision::key);
            for (final Decision b : baseline)
            {
                final Decision a = after.get(b.key());
                if (a == null)
                {
                    onlyBaseline.add(b);
                }
                else if (b.accepted() && !a.accepted())
                {
                    refused.add(new Decision[]{b, a});
                }
                else if (!b.accepted() && a.accepted())
                {
                    acceptedInstead.add(new Decision[]{b, a});
                }
            }
            for (final Decision a : whatIf)
            {
                if (!before.containsKey(a.key()))
                {
                    onlyWhatIf.add(a);
                }
            }
        }

        boolean none()
        {
            return refused.isEmpty() && acceptedInstead.isEmpty() && onlyBaseline.isEmpty() && onlyWhatIf.isEmpty();
        }
    }

    /**
     * @param baseline the re-run with the state's own preset.
     * @param whatIf   the re-run with the other preset.
     */
    public WhatIfReport(final WhatIfRun baseline, final WhatIfRun whatIf)
    {
        this.baseline = baseline;
        this.whatIf = whatIf;
        for (final Request request : Request.values())
        {
            byRequest.put(request, new Differences(baseline.decisions(request), whatIf.decisions(request)));
        }
        final Map<String, Alert> alertsBefore = byKey(baseline.alerts(), Alert::key);
        final Map<String, Alert> alertsAfter = byKey(whatIf.alerts(), Alert::key);
        baseline.alerts().stream().filter(x -> !alertsAfter.containsKey(x.key())).forEach(alertsOnlyBaseline::add);
        whatIf.alerts().stream().filter(x -> !alertsBefore.containsKey(x.key())).forEach(alertsOnlyWhatIf::add);
        for (int i = 0; i < baseline.accounts().size(); i++)
        {
            final AccountEnd b = baseline.accounts().get(i);
            final AccountEnd a = whatIf.accounts().get(i);
            if (!b.equals(a))
            {
                accountChanges.add(b.name());
            }
        }
    }

    /**
     * @return true when the other preset would have done exactly what the state's own did.
     */
    public boolean noDifference()
    {
        return byRequest.values().stream().allMatch(Differences::none) &&
            alertsOnlyBaseline.isEmpty() && alertsOnlyWhatIf.isEmpty() && accountChanges.isEmpty() &&
            baseline.fills() == whatIf.fills();
    }

    /**
     * Prints the report for people.
     */
    public void printText(final PrintStream out)
    {
        out.printf(Locale.ROOT, "what-if: %d journaled inputs re-run with %s (baseline: the state's preset, %s); " +
            "the paper venue answers in both%n", whatIf.inputs(), whatIf.presetName(), baseline.presetName());
        out.printf(Locale.ROOT, "%-34s %12s %12s%n", "", "baseline", "what-if");
        row(out, "orders accepted", baseline.accepted(Request.NEW), whatIf.accepted(Request.NEW));
        row(out, "orders refused", baseline.refused(Request.NEW), whatIf.refused(Request.NEW));
        row(out, "amends accepted", baseline.accepted(Request.AMEND), whatIf.accepted(Request.AMEND));
        row(out, "amends refused", baseline.refused(Request.AMEND), whatIf.refused(Request.AMEND));
        row(out, "cancels accepted", baseline.accepted(Request.CANCEL), whatIf.accepted(Request.CANCEL));
        row(out, "cancels refused", baseline.refused(Request.CANCEL), whatIf.refused(Request.CANCEL));
        row(out, "fills", baseline.fills(), whatIf.fills());
        row(out, "kill switch, watchdog, feed alerts", baseline.alerts().size(), whatIf.alerts().size());
        for (int i = 0; i < baseline.accounts().size(); i++)
        {
            final AccountEnd b = baseline.accounts().get(i);
            final AccountEnd a = whatIf.accounts().get(i);
            out.printf(Locale.ROOT, "account %-26s %12s %12s%n", b.name() + " equity", FixedPoint.format(b.equity()), FixedPoint.format(a.equity()));
            out.printf(Locale.ROOT, "  %-32s %12s %12s%n", "realised PnL", FixedPoint.format(b.realisedPnl()), FixedPoint.format(a.realisedPnl()));
            out.printf(Locale.ROOT, "  %-32s %12s %12s%n", "unrealised PnL", FixedPoint.format(b.unrealisedPnl()), FixedPoint.format(a.unrealisedPnl()));
            out.printf(Locale.ROOT, "  positions: baseline %s; what-if %s%n", held(b), held(a));
        }
        if (noDifference())
        {
            out.println("no difference: the other preset decides every order, fill and alert the same way");
            return;
        }
        final Differences orders = byRequest.get(Request.NEW);
        section(out, "refused with the other preset (accepted in the baseline)",
            orders.refused.stream().map(d -> describe(d[1]) + "  by " + d[1].layer() + ": " + d[1].reason()).toList());
        section(out, "accepted with the other preset (refused in the baseline)",
            orders.acceptedInstead.stream().map(d -> describe(d[1]) + "  (baseline: by " + d[0].layer() + ": " + d[0].reason() + ")").toList());
        section(out, "orders only the baseline placed",
            orders.onlyBaseline.stream().map(d -> describe(d) + (d.accepted() ? "" : "  refused by " + d.layer())).toList());
        section(out, "orders only the other preset placed (its strategies took another path)",
            orders.onlyWhatIf.stream().map(d -> describe(d) + (d.accepted() ? "" : "  refused by " + d.layer() + ": " + d.reason())).toList());
        for (final Request request : List.of(Request.AMEND, Request.CANCEL))
        {
            final Differences diff = byRequest.get(request);
            final String what = request.label() + "s";
            // The baseline's side of a refusal names the accepted request in full (an amend's new price).
            section(out, what + " refused with the other preset (accepted in the baseline)",
                diff.refused.stream().map(d -> describe(d[0]) + "  by " + d[1].layer() + ": " + d[1].reason()).toList());
            section(out, what + " accepted with the other preset (refused in the baseline)",
                diff.acceptedInstead.stream().map(d -> describe(d[1]) + "  (baseline: by " + d[0].layer() + ": " + d[0].reason() + ")")
                    .toList());
            section(out, what + " only the baseline asked for",
                diff.onlyBaseline.stream().map(d -> describe(d) + (d.accepted() ? "" : "  refused by " + d.layer())).toList());
            section(out, what + " only the other preset asked for (its strategies took another path)",
                diff.onlyWhatIf.stream().map(d -> describe(d) + (d.accepted() ? "" : "  refused by " + d.layer() + ": " + d.reason()))
                    .toList());
        }
        section(out, "alerts that would not have fired",
            alertsOnlyBaseline.stream().map(x -> time(x.timeNanos()) + "  " + x.kind() + "  " + x.text()).toList());
        section(out, "alerts that would have fired",
            alertsOnlyWhatIf.stream().map(x -> time(x.timeNanos()) + "  " + x.kind() + "  " + x.text()).toList());
    }

    /**
     * Prints the report as one JSON object.
     */
    public void printJson(final PrintStream out) throws IOException
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("inputs", whatIf.inputs());
        json.put("baseline_preset", baseline.presetName());
        json.put("what_if_preset", whatIf.presetName());
        json.put("no_difference", noDifference());
        json.put("baseline", summary(baseline));
        json.put("what_if", summary(whatIf));
        final Differences orders = byRequest.get(Request.NEW);
        json.put("refused", orders.refused.stream().map(d -> decision(d[1])).toList());
        json.put("accepted_instead", orders.acceptedInstead.stream().map(d -> decision(d[1])).toList());
        json.put("only_baseline", orders.onlyBaseline.stream().map(WhatIfReport::decision).toList());
        json.put("only_what_if", orders.onlyWhatIf.stream().map(WhatIfReport::decision).toList());
        for (final Request request : List.of(Request.AMEND, Request.CANCEL))
        {
            final Differences diff = byRequest.get(request);
            final Map<String, Object> m = new LinkedHashMap<>();
            // Each entry is the other preset's decision, with the baseline's beside it.
            m.put("refused", diff.refused.stream().map(WhatIfReport::pair).toList());
            m.put("accepted_instead", diff.acceptedInstead.stream().map(WhatIfReport::pair).toList());
            m.put("only_baseline", diff.onlyBaseline.stream().map(WhatIfReport::decision).toList());
            m.put("only_what_if", diff.onlyWhatIf.stream().map(WhatIfReport::decision).toList());
            json.put(request.label() + "s", m);
        }
        json.put("alerts_not_fired", alertsOnlyBaseline.stream().map(WhatIfReport::alert).toList());
        json.put("alerts_fired", alertsOnlyWhatIf.stream().map(WhatIfReport::alert).toList());
        out.println(new ObjectMapper().writeValueAsString(json));
    }

    private static Map<String, Object> summary(final WhatIfRun run)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders_accepted", run.accepted(Request.NEW));
        m.put("orders_refused", run.refused(Request.NEW));
        m.put("amends_accepted", run.accepted(Request.AMEND));
        m.put("amends_refused", run.refused(Request.AMEND));
        m.put("cancels_accepted", run.accepted(Request.CANCEL));
        m.put("cancels_refused", run.refused(Request.CANCEL));
        m.put("fills", run.fills());
        m.put("alerts", run.alerts().size());
        m.put("accounts", run.accounts().stream().map(a ->
        {
            final Map<String, Object> am = new LinkedHashMap<>();
            am.put("account", a.name());
            am.put("equity", FixedPoint.format(a.equity()));
            am.put("realised_pnl", FixedPoint.format(a.realisedPnl()));
            am.put("unrealised_pnl", FixedPoint.format(a.unrealisedPnl()));
            am.put("positions", a.positions());
            return am;
        }).toList());
        return m;
    }

    private static Map<String, Object> decision(final Decision d)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("request", d.request().label());
        m.put("time", time(d.timeNanos()));
        m.put("cause", d.cause());
        m.put("origin", d.origin());
        m.put("account", d.account());
        m.put("market", d.market());
        m.put("side", d.side());
        m.put("type", d.type());
        m.put("quantity", FixedPoint.format(d.quantity()));
        m.put("price", FixedPoint.format(d.price()));
        final boolean unknown = d.request() == Request.AMEND && d.newPrice() == EngineOutput.UNKNOWN;
        if (d.request() == Request.AMEND)
        {
            // null: the amend's report did not carry what was asked; it is not guessed.
            m.put("new_quantity", unknown ? null : FixedPoint.format(d.newQuantity()));
            m.put("new_price", unknown ? null : FixedPoint.format(d.newPrice()));
        }
        m.put("notional", unknown ? null : FixedPoint.format(d.notional()));
        m.put("accepted", d.accepted());
        if (!d.accepted())
        {
            m.put("layer", d.layer());
            m.put("reason", d.reason());
        }
        return m;
    }

    /** The other preset's decision, with the baseline's as {@code baseline}. */
    private static Map<String, Object> pair(final Decision[] d)
    {
        final Map<String, Object> m = decision(d[1]);
        m.put("baseline", decision(d[0]));
        return m;
    }

    private static Map<String, Object> alert(final Alert a)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time(a.timeNanos()));
        m.put("kind", a.kind());
        m.put("text", a.text());
        return m;
    }

    private static String describe(final Decision d)
    {
        // A refusal of a request for an order that is not live has no order to show.
        final String order = "?".equals(d.market()) ? "(no live order)" : d.side() + " " + FixedPoint.format(d.quantity()) + " " +
            d.market() + " " + d.type() + " @ " + FixedPoint.format(d.price());
        final String what = switch (d.request())
        {
            case NEW -> order + " (notional " + FixedPoint.format(d.notional()) + ")";
            case AMEND -> "amend " + order + (d.newPrice() == EngineOutput.UNKNOWN ? " to price unknown" :
                " to " + FixedPoint.format(d.newQuantity()) + " @ " + FixedPoint.format(d.newPrice()) +
                    " (notional " + FixedPoint.format(d.notional()) + ")");
            case CANCEL -> "cancel " + order;
        };
        final String cause = d.request() == Request.NEW ? "" : "  [input " + d.cause() + "]";
        return time(d.timeNanos()) + "  " + d.origin() + "  " + d.account() + "  " + what + cause;
    }

    private static String held(final AccountEnd a)
    {
        return a.positions().isEmpty() ? "flat" : String.join(", ", a.positions());
    }

    private static void row(final PrintStream out, final String label, final long b, final long a)
    {
        out.printf(Locale.ROOT, "%-34s %12d %12d%s%n", label, b, a, b == a ? "" : "   <-");
    }

    /** The first {@value #LINES_PER_SECTION} lines of a section; --json lists them all. */
    private static void section(final PrintStream out, final String title, final List<String> lines)
    {
        if (lines.isEmpty())
        {
            return;
        }
        out.println(title + ": " + lines.size());
        lines.stream().limit(LINES_PER_SECTION).forEach(line -> out.println("  " + line));
        if (lines.size() > LINES_PER_SECTION)
        {
            out.println("  ... and " + (lines.size() - LINES_PER_SECTION) + " more (--json lists every one)");
        }
    }

    private static String time(final long nanos)
    {
        return Instant.ofEpochSecond(0, nanos).toString();
    }

    private static <T> Map<String, T> byKey(final List<T> items, final Function<T, String> key)
    {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (x, y) -> x, LinkedHashMap::new));
    }
}
