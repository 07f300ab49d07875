package io.horizon.ops.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.OutputJournal;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.RecordedTime;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.position.PositionBook;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskAlerts;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.JournalReader;
import io.horizon.ops.daemon.EngineAssembly;
import io.horizon.ops.preset.Preset;

/**
 * One re-run of a journal's inputs through an engine built from a preset, for {@code horizon
 * replay --what-if}: market data, client orders, operator controls and heartbeats go in at their
 * journaled time; venue responses are left out and the paper venue answers instead (the real venue
 * would have answered other orders differently). Runs on the journal's recorded time, in lock-step
 * ({@link RecordedTime}), so it is deterministic; writes nothing.
 * <p>
 * What it keeps: each decision on a new order, an amend or a cancel (accepted, or refused and by
 * which layer), with the journaled input that caused it; fills; alerts (kill switch, watchdog);
 * and each account's PnL and positions at the end.
 * <p>
 * Threading: {@link #run} on the caller's thread (it starts and stops an engine of its own); the
 * result is immutable.
 */
public final class WhatIfRun
{
    /** What was asked of the engine: a new order, an amend or a cancel. */
    enum Request
    {
        NEW, AMEND, CANCEL;

        String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A request as the engine decided it, keyed by what it was, not by order ids, which differ
     * once two runs have diverged: a new order by who, when and what; an amend or a cancel by the
     * journaled input that caused it ({@code cause}: {@code #N}, or {@code #N venue} for the venue's
     * answer after input N), who asked and for which order (a client's by its client order id, a
     * strategy's by account, market and side), not by price, which a refused amend's report gives
     * as the old one.
     * <p>
     * For an amend, {@code price} and {@code quantity} are the order's before it, {@code newPrice}
     * and {@code newQuantity} what was asked: from the venue command of an accepted amend, from
     * the report of a refused one ({@link EngineOutput#amendPrice}); {@link EngineOutput#UNKNOWN}
     * when neither says (a refusal reported without it), shown as "price unknown", never guessed.
     */
    record Decision(String key, Request request, long timeNanos, String cause, String origin, String account, String market,
        String side, String type, long price, long quantity, long newPrice, long newQuantity, boolean accepted, String layer,
        String reason)
    {
        long notional()
        {
            return request == Request.AMEND && newPrice != EngineOutput.UNKNOWN ? FixedPoint.multiply(newPrice, newQuantity) :
                FixedPoint.multiply(price, quantity);
        }
    }

    /** A kill switch, watchdog or feed alert. */
    record Alert(String key, long timeNanos, String kind, String text)
    {
    }

    /** An account at the end. */
    record AccountEnd(String name, long equity, long realisedPnl, long unrealisedPnl, List<String> positions)
    {
    }

    private final String presetName;
    private final List<Decision> decisions;
    private final List<Alert> alerts;
    private final long fills;
    private final List<AccountEnd> accounts;
    private final long inputs;

    private WhatIfRun(final String presetName, final List<Decision> decisions, final List<Alert> alerts, final long fills,
        final List<AccountEnd> accounts, final long inputs)
    {
        this.presetName = presetName;
        this.decisions = List.copyOf(decisions);
        this.alerts = List.copyOf(alerts);
        this.fills = fills;
        this.accounts = List.copyOf(accounts);
        this.inputs = inputs;
    }

    /**
     * @param state  the state directory whose journal is re-run; only read.
     * @param preset the preset the engine is built from.
     * @return what the engine decided.
     */
    public static WhatIfRun run(final Path state, final Preset preset)
    {
        final JournalManifest manifest = JournalManifest.read(state);
        final ReferenceData ref = preset.referenceData();
        final EngineConfig config = EngineConfig.builder()
            .threading(ThreadingMode.SHARED)
            .seed(manifest.seed())
            .orderCapacity(preset.engine().orderCapacity())
            .heartbeatIntervalMillis(0)
            .build();
        final RecordedTime time = new RecordedTime(RecordedTime.Pacer.MAX);
        final ReplayedInputs causes = new ReplayedInputs(config.ringSize());
        final Collector collector = new Collector(ref, causes);
        long inputs = 0;
        final PositionBook positions;
        try (EnginePipeline pipeline = EngineAssembly.blp(preset, config)
            .venue(new PaperVenue(ref, preset.engine().orderCapacity()))
            .recordedTime(time)
            .journal(causes)
            .outputJournal(collector)
            .build();
            JournalReader reader = JournalReader.inbound(state))
        {
            collector.strategies.addAll(pipeline.strategyNames());
            pipeline.start();
            final InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                if (e.type.isVenueResponse() || e.type == EventType.NONE ||
                    (e.type == EventType.CONTROL && e.controlAction == ControlAction.RECONCILE))
                {
                    continue;
                }
                causes.willPublish(reader.recordsRead() - 1);
                if (!time.replay(e))
                {
                    throw new JournalException("what-if re-run interrupted");
                }
                inputs++;
            }
            if (!pipeline.awaitIdle(600_000))
            {
                throw new JournalException("the what-if engine did not finish within 10 minutes");
            }
            pipeline.drainAndStop();
            positions = pipeline.blp().positions();
        }
        final List<AccountEnd> accounts = new ArrayList<>();
        for (final Account a : ref.accounts())
        {
            final List<String> held = new ArrayList<>();
            for (final Instrument i : ref.instruments())
            {
                final long q = positions.position(a.id(), i.id());
                if (q != 0)
                {
                    held.add(i.symbol() + " " + FixedPoint.format(q));
                }
            }
            accounts.add(new AccountEnd(a.name(), positions.equity(a.id()), positions.realisedPnl(a.id()),
                positions.unrealisedPnl(a.id()), held));
        }
        return new WhatIfRun(preset.source(), collector.decisions, collector.alerts, collector.fills, accounts, inputs);
    }

    String presetName()
    {
        return presetName;
    }

    List<Decision> decisions()
    {
        return decisions;
    }

    List<Alert> alerts()
    {
        return alerts;
    }

    long fills()
    {
        return fills;
    }

    List<AccountEnd> accounts()
    {
        return accounts;
    }

    long inputs()
    {
        return inputs;
    }

    /**
     * @return the decisions on one kind of request.
     */
    List<Decision> decisions(final Request request)
    {
        return decisions.stream().filter(d -> d.request() == request).toList();
    }

    /**
     * @return how many requests of that kind were accepted.
     */
    long accepted(final Request request)
    {
        return decisions.stream().filter(d -> d.request() == request && d.accepted()).count();
    }

    /**
     * @return how many requests of that kind were refused by the engine.
     */
    long refused(final Request request)
    {
        return decisions.stream().filter(d -> d.request() == request && !d.accepted()).count();
    }

    /**
     * Turns the engine's outputs into decisions and alerts; the what-if engine's output journal, so
     * it sees every output, venue commands included, on the gateway's thread while the run goes.
     */
    private static final class Collector implements OutputJournal
    {
        private final ReferenceData ref;
        private final ReplayedInputs causes;
        private final List<String> strategies = new ArrayList<>();
        private final List<Decision> decisions = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();
        private final java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        private long fills;
        private long amendOrderId = -1;
        private long amendPrice;
        private long amendQuantity;

        Collector(final ReferenceData ref, final ReplayedInputs causes)
        {
            this.ref = ref;
            this.causes = causes;
        }

        @Override
        public void append(final EngineOutput o)
        {
            if (o.kind == OutputKind.VENUE_AMEND)
            {
                // The amend's own report (next) gives the order's old price; the command has the new one.
                amendOrderId = o.orderId;
                amendPrice = o.price;
                amendQuantity = o.quantity;
                return;
            }
            if (o.kind == OutputKind.ALERT && o.alertKind != null)
            {
                final String text = RiskAlerts.describe(o);
                alerts.add(new Alert(unique(o.timestampNanos + " " + o.alertKind + " " + text), o.timestampNanos,
                    o.alertKind.name(), text));
                return;
            }
            if (o.kind != OutputKind.EXECUTION_REPORT || o.execType == null)
            {
                return;
            }
            if (o.execType == ExecType.FILL || o.execType == ExecType.PARTIAL_FILL)
            {
                fills++;
                return;
            }
            final Request request;
            final boolean accepted;
            switch (o.execType)
            {
                case PENDING_NEW -> { request = Request.NEW; accepted = true; }
                case REJECTED -> { request = Request.NEW; accepted = false; }
                case PENDING_REPLACE -> { request = Request.AMEND; accepted = true; }
                case REPLACE_REJECTED -> { request = Request.AMEND; accepted = false; }
                case PENDING_CANCEL -> { request = Request.CANCEL; accepted = true; }
                case CANCEL_REJECTED -> { request = Request.CANCEL; accepted = false; }
                default -> { return; }
            }
            // A refusal by the engine (risk, sanity, lifecycle); the venue's own rejects follow an acceptance.
            if (!accepted && o.rejectReason.layer().startsWith("venue"))
            {
                return;
            }
            final String origin = o.strategyId >= 0 && o.strategyId < strategies.size() ? "strategy:" + strategies.get(o.strategyId) :
                o.strategyId == -1 ? "client " + ClientOrderIds.format(o.clientOrderIdHi, o.clientOrderIdLo) : "kill switch flatten";
            final String account = o.accountId >= 0 && o.accountId < ref.accountCount() ? ref.account(o.accountId).name() : "?";
            final String market = ref.isInstrument(o.instrumentId) ? ref.instrument(o.instrumentId).symbol() : "?";
            final String side = o.side == null ? "?" : o.side.name().toLowerCase(Locale.ROOT);
            final String type = o.orderType == null ? "?" : o.orderType.name().toLowerCase(Locale.ROOT);
            final String cause = causes.cause(o.causeSequence);
            long newPrice = EngineOutput.UNKNOWN;
            long newQuantity = EngineOutput.UNKNOWN;
            if (request == Request.AMEND)
            {
                if (accepted && amendOrderId == o.orderId)
                {
                    newPrice = amendPrice;
                    newQuantity = amendQuantity;
                }
                else if (!accepted)
                {
                    newPrice = o.amendPrice;
                    newQuantity = o.amendQuantity;
                }
                amendOrderId = -1;
            }
            final String key = request == Request.NEW ?
                unique(o.timestampNanos + " " + origin + " " + account + " " + market + " " + side + " " + type + " " +
                    FixedPoint.format(o.quantity) + " @ " + FixedPoint.format(o.price)) :
                // A client's request by its client order ids alone: a refusal of an order that is not
                // live cannot say its market or side.
                unique(request.label() + " " + cause + " " + origin + (o.strategyId == -1 ? "" : " " + account + " " + market + " " + side));
            decisions.add(new Decision(key, request, o.timestampNanos, cause, origin, account, market, side, type, o.price, o.quantity,
                newPrice, newQuantity, accepted, accepted ? "" : o.rejectReason.layer(),
                accepted ? "" : o.rejectReason.describe(o.rejectValue, o.rejectLimit)));
        }

        /** The n-th same-looking request at the same time gets its own key. */
        private String unique(final String key)
        {
            final int n = seen.merge(key, 1, Integer::sum);
            return n == 1 ? key : key + " #" + n;
        }
    }
}
