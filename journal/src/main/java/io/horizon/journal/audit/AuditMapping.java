package io.horizon.journal.audit;

import java.util.List;
import java.util.Locale;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.ControlText;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueRoutes;
import io.horizon.engine.risk.RiskAlerts;
import io.horizon.engine.risk.RiskLayer;
import io.horizon.engine.watchdog.HaltReason;
import io.horizon.journal.dlq.DlqIds;
import io.horizon.journal.flush.CauseLookup;
import io.horizon.journal.json.JsonObjectWriter;

/**
 * Turns journal entries into audit events: the table of which journaled input or output becomes
 * which {@link AuditCategory}. It reads only what is journaled, so it is a pure function of the
 * journal (given the names): reading the same journal again gives the same events.
 * <pre>
 * outbound EXECUTION_REPORT   PENDING_NEW -> order.submitted       NEW -> order.acknowledged
 *                             REJECTED -> order.rejected           PARTIAL_FILL, FILL -> order.filled
 *                             PENDING_CANCEL -> order.cancel_requested   CANCELED -> order.canceled
 *                             CANCEL_REJECTED -> order.cancel_rejected   PENDING_REPLACE -> order.amend_requested
 *                             REPLACED -> order.amended   REPLACE_REJECTED -> order.amend_rejected
 *                             EXPIRED, DONE_FOR_DAY -> order.expired     any other -> order.updated
 *                             a reject for a failed venue call also -> dlq.captured (same dlq_id)
 *                             a refusal by a pre-trade risk layer also -> risk.decision
 * outbound ENGINE_ERROR       -> engine.error and dlq.captured
 * outbound ALERT              KILL_SWITCH_FIRED -> killswitch.fired   KILL_SWITCH_RESET -> killswitch.reset
 *                             KILL_SWITCH_RESET_REFUSED -> killswitch.reset_refused
 *                             WATCHDOG_HALT for a stale or disconnected feed -> feed.stale, any other -> watchdog.halt
 *                             FEED_DEGRADED -> feed.stale (warning)   FEED_RECOVERED -> feed.recovered
 *                             LIMIT_CHANGED, LIMIT_CHANGE_REFUSED -> config.change
 * outbound VENUE_*            (no event: the reports tell what happened to the order)
 * outbound any other kind     -> engine.output (kept, not dropped; map new kinds here)
 * inbound CONTROL             RECONCILE -> system.recovery   any other action -> control.received
 * inbound anything else       (no event)
 * </pre>
 * A command and its effect are two events: {@code control.received} says who asked for what, and
 * the engine's alert output says what happened (a kill fired, a reset refused for want of a reason,
 * a limit changed or refused). A kill the engine fires itself (drawdown, consecutive rejects) has
 * only the second. The effect names the operator as its actor when a journaled command caused it.
 * <p>
 * Actors: {@code strategy:NAME} for a strategy's orders, {@code client} for orders entered from
 * outside the engine, {@code user:NAME} for a control whose text names an operator ({@link ControlText}),
 * otherwise {@code system}. {@code correlation_id} is {@code journal:N}, the inbound sequence of
 * the input that caused the event, so everything one input caused can be found together.
 * <p>
 * Threading: one thread per instance (it holds a JSON writer).
 */
public final class AuditMapping
{
    private final ReferenceData referenceData;
    private final VenueRoutes venues;
    private final List<String> strategyNames;
    private static final RiskLayer[] RISK_LAYERS = RiskLayer.values();

    private final JsonObjectWriter json = new JsonObjectWriter();

    /**
     * @param referenceData account and instrument names.
     * @param venueName     the venue the gateway sends to, e.g. {@code paper}.
     * @param strategyNames strategy names by strategy id.
     */
    public AuditMapping(final ReferenceData referenceData, final String venueName, final List<String> strategyNames)
    {
        this(referenceData, VenueRoutes.single(venueName), strategyNames);
    }

    /**
     * @param referenceData account and instrument names.
     * @param venues        which venue each order goes to (with several venues, each order's row
     *                      names its own).
     * @param strategyNames strategy names by strategy id.
     */
    public AuditMapping(final ReferenceData referenceData, final VenueRoutes venues, final List<String> strategyNames)
    {
        this.referenceData = referenceData;
        this.venues = venues;
        this.strategyNames = List.copyOf(strategyNames);
    }

    /**
     * Maps one inbound event.
     *
     * @param e        the event.
     * @param sequence its ring sequence.
     * @param out      gets the events, if any.
     */
    public void inbound(final InboundEvent e, final long sequence, final List<AuditDraft> out)
    {
        if (e.type != EventType.CONTROL)
        {
            return;
        }
        final String text = e.text();
        final String actor = actorOf(text);
        final String reason = ControlText.reason(text).trim();
        final AuditDraft draft;
        if (e.controlAction == ControlAction.RECONCILE)
        {
            draft = AuditDraft.of(AuditCategory.SYSTEM_RECOVERY, AuditSeverity.INFO)
                .message("journal replayed after a restart; live orders reconciled with " + venues.names());
        }
        else
        {
            draft = AuditDraft.of(AuditCategory.CONTROL_RECEIVED,
                    e.controlAction == ControlAction.KILL ? AuditSeverity.CRITICAL : AuditSeverity.WARNING)
                .message(commandText(e.controlAction, e.controlValue, reason));
        }
        out.add(draft
            .timestampNanos(e.timestampNanos)
            .actor(actor)
            .correlationId("journal:" + sequence)
            .payload(json.begin()
                .field("action", name(e.controlAction))
                .field("value", e.controlValue)
                .field("text", text.isEmpty() ? null : text)
                .beginObject("journal").field("sequence", sequence).field("type", "CONTROL").endObject()
                .finish()));
    }

    /**
     * Maps one output.
     *
     * @param o            the output.
     * @param outputRecord its record number in the outbound journal (the dead-letter id comes from it).
     * @param causes       finds the input behind a venue error or an engine error.
     * @param out          gets the events, if any.
     */
    public void output(final EngineOutput o, final long outputRecord, final CauseLookup causes, final List<AuditDraft> out)
    {
        switch (o.kind)
        {
            case EXECUTION_REPORT:
                report(o, outputRecord, causes, out);
                break;
            case ENGINE_ERROR:
                engineError(o, outputRecord, causes, out);
                break;
            case ALERT:
                alert(o, outputRecord, causes, out);
                break;
            case VENUE_NEW:
            case VENUE_CANCEL:
            case VENUE_AMEND:
            case VENUE_RECONCILE:
                break;
            default:
                otherOutput(o, outputRecord, out);
                break;
        }
    }

    /**
     * @param execType a report type.
     * @return its category; report types added later map to {@code order.updated}.
     */
    public static AuditCategory categoryOf(final ExecType execType)
    {
        if (execType == null)
        {
            return AuditCategory.ORDER_UPDATED;
        }
        switch (execType)
        {
            case PENDING_NEW:
                return AuditCategory.ORDER_SUBMITTED;
            case NEW:
                return AuditCategory.ORDER_ACKNOWLEDGED;
            case REJECTED:
                return AuditCategory.ORDER_REJECTED;
            case PARTIAL_FILL:
            case FILL:
                return AuditCategory.ORDER_FILLED;
            case PENDING_CANCEL:
                return AuditCategory.ORDER_CANCEL_REQUESTED;
            case CANCELED:
                return AuditCategory.ORDER_CANCELED;
            case CANCEL_REJECTED:
                return AuditCategory.ORDER_CANCEL_REJECTED;
            case PENDING_REPLACE:
                return AuditCategory.ORDER_AMEND_REQUESTED;
            case REPLACED:
                return AuditCategory.ORDER_AMENDED;
            case REPLACE_REJECTED:
                return AuditCategory.ORDER_AMEND_REJECTED;
            case EXPIRED:
            case DONE_FOR_DAY:
                return AuditCategory.ORDER_EXPIRED;
            default:
                return AuditCategory.ORDER_UPDATED;
        }
    }

    private void report(final EngineOutput o, final long outputRecord, final CauseLookup causes, final List<AuditDraft> out)
    {
        final AuditCategory category = categoryOf(o.execType);
        final boolean venueFailure = o.rejectReason == RejectReason.VENUE_EXCEPTION;
        final boolean refused = o.rejectReason != RejectReason.NONE;
        final String dlqId = venueFailure ? DlqIds.of(outputRecord) : null;
        final String error = venueFailure ? causes.venueErrorText(o.causeSequence) : null;

        final StringBuilder message = new StringBuilder(96);
        switch (category)
        {
            case ORDER_SUBMITTED:
                describeOrder(message, o).append(" sent to ").append(venueOf(o));
                break;
            case ORDER_ACKNOWLEDGED:
                message.append(venueOf(o)).append(" acknowledged ");
                describeOrder(message, o);
                break;
            case ORDER_FILLED:
                message.append(o.execType == ExecType.FILL ? "filled " : "partly filled ")
                    .append(FixedPoint.format(o.lastQuantity)).append(' ').append(symbol(o.instrumentId))
                    .append(" @ ").append(FixedPoint.format(o.lastPrice))
                    .append(" (").append(o.side).append(", ").append(FixedPoint.format(o.cumulativeQuantity))
                    .append(" of ").append(FixedPoint.format(o.quantity)).append(" filled, ")
                    .append(FixedPoint.format(o.leavesQuantity)).append(" left)");
                break;
            default:
                message.append(category.code().substring("order.".length()).replace('_', ' ')).append(": ");
                describeOrder(message, o);
                break;
        }
        if (refused)
        {
            message.append(": ").append(o.rejectReason.describe(o.rejectValue));
            if (o.execType == ExecType.REPLACE_REJECTED && !venueFailure)
            {
                // The order's own price is above; what the amend asked for, when the journal kept it.
                message.append(o.amendPrice == EngineOutput.UNKNOWN ? " (asked price unknown)" :
                    " (asked " + FixedPoint.format(o.amendQuantity) + " @ " + FixedPoint.format(o.amendPrice) + ")");
            }
            if (venueFailure)
            {
                message.append(" (").append(error).append("); dead-lettered as ").append(dlqId);
            }
        }

        out.add(orderDraft(o, category, refused ? (venueFailure ? AuditSeverity.ERROR : AuditSeverity.WARNING) : AuditSeverity.INFO)
            .message(message.toString())
            .payload(reportPayload(o, outputRecord, dlqId, error)));
        if (refused && isRiskLayer(o.rejectReason.layer()))
        {
            out.add(orderDraft(o, AuditCategory.RISK_DECISION, AuditSeverity.WARNING)
                .message("pre-trade risk layer " + o.rejectReason.layer() + " refused " + describeOrder(new StringBuilder(64), o) +
                    ": " + o.rejectReason.describe(o.rejectValue))
                .payload(json.begin()
                    .field("decision", "reject")
                    .field("layer", o.rejectReason.layer())
                    .field("reason", o.rejectReason.name().toLowerCase(Locale.ROOT))
                    .field("text", o.rejectReason.describe(o.rejectValue))
                    .beginObject("journal").field("output", outputRecord).field("cause_sequence", o.causeSequence).endObject()
                    .finish()));
        }
        if (venueFailure)
        {
            final StringBuilder captured = new StringBuilder(96).append(dlqId).append(": ");
            describeOrder(captured, o).append(" could not be sent to ").append(venueOf(o)).append(" (").append(error).append(')');
            out.add(orderDraft(o, AuditCategory.DLQ_CAPTURED, AuditSeverity.ERROR)
                .message(captured.toString())
                .payload(json.begin()
                    .field("dlq_id", dlqId)
                    .field("source", "venue_exception")
                    .field("error", error)
                    .beginObject("journal").field("output", outputRecord).field("cause_sequence", o.causeSequence).endObject()
                    .finish()));
        }
    }

    private void engineError(final EngineOutput o, final long outputRecord, final CauseLookup causes, final List<AuditDraft> out)
    {
        final String dlqId = DlqIds.of(outputRecord);
        final String error = CauseLookup.cut(o.error != null ? EngineOutput.errorText(o.error) : o.rejectReason.describe(o.rejectValue));
        final InboundEvent cause = causes.event(o.causeSequence);
        final String causeType = o.causeType == null ? "unknown" : o.causeType.name();
        final String payload = json.begin()
            .field("dlq_id", dlqId)
            .field("source", "engine_error")
            .field("error", error)
            .field("cause", cause == null ? null : cause.toString())
            .beginObject("journal").field("output", outputRecord).field("cause_sequence", o.causeSequence)
            .field("cause_type", causeType).endObject()
            .finish();
        out.add(errorDraft(o, AuditCategory.ENGINE_ERROR)
            .message("engine error on " + causeType + " event " + o.causeSequence + ": " + error)
            .payload(payload));
        out.add(errorDraft(o, AuditCategory.DLQ_CAPTURED)
            .message(dlqId + ": the " + causeType + " event " + o.causeSequence + " that raised it, for review")
            .payload(payload));
    }

    private AuditDraft errorDraft(final EngineOutput o, final AuditCategory category)
    {
        final AuditDraft draft = AuditDraft.of(category, AuditSeverity.ERROR)
            .timestampNanos(o.timestampNanos)
            .correlationId("journal:" + o.causeSequence);
        if (o.orderId != 0 || o.accountId >= 0)
        {
            draft.accountId(account(o.accountId)).marketId(symbol(o.instrumentId))
                .orderId(o.orderId != 0 ? Long.toString(o.orderId) : null)
                .clientOrderId(clientOrderId(o.clientOrderIdHi, o.clientOrderIdLo))
                .actor(actor(o.strategyId));
        }
        return draft;
    }

    private void alert(final EngineOutput o, final long outputRecord, final CauseLookup causes, final List<AuditDraft> out)
    {
        if (o.alertKind == null)
        {
            otherOutput(o, outputRecord, out);
            return;
        }
        final AuditCategory category = alertCategory(o);
        if (category == null)
        {
            otherOutput(o, outputRecord, out);
            return;
        }
        final AuditSeverity severity = o.alertKind == AlertKind.KILL_SWITCH_FIRED || o.alertKind == AlertKind.WATCHDOG_HALT ?
            AuditSeverity.CRITICAL : o.alertKind == AlertKind.FEED_RECOVERED ? AuditSeverity.INFO : AuditSeverity.WARNING;
        final InboundEvent cause = causes.event(o.causeSequence);
        final String command = cause != null && cause.type == EventType.CONTROL ? cause.text() : null;
        String message = RiskAlerts.describe(o);
        if (o.alertKind == AlertKind.KILL_SWITCH_RESET && o.alertCode == AlertKind.RESET_WHILE_ARMED)
        {
            message = "kill switch reset while it was not engaged: halted accounts and the consecutive-reject count cleared";
        }
        final AuditDraft draft = AuditDraft.of(category, severity)
            .timestampNanos(o.timestampNanos)
            .actor(command == null ? "system" : actorOf(command))
            .correlationId("journal:" + o.causeSequence)
            .message(command == null || command.isEmpty() ? message : message + " [" + command + "]")
            .payload(json.begin()
                .field("alert", name(o.alertKind))
                .field("code", o.alertCode)
                .field("value", o.alertValue)
                .field("limit", o.alertLimit)
                .field("detail", o.alertDetail)
                .field("runbook", o.runbook == null || o.runbook.path().isEmpty() ? null : o.runbook.path())
                .field("command", command == null || command.isEmpty() ? null : command)
                .beginObject("journal").field("output", outputRecord).field("cause_sequence", o.causeSequence).endObject()
                .finish());
        if (o.accountId >= 0)
        {
            draft.accountId(account(o.accountId));
        }
        if (o.instrumentId >= 0)
        {
            draft.marketId(symbol(o.instrumentId));
        }
        out.add(draft);
    }

    /**
     * The category of an engine alert, as the table above gives it; the alerting bridge names its
     * alerts by the same call, so an alert and its audit event agree.
     *
     * @param o an output of kind {@code ALERT}.
     * @return its category, or {@code null} for an alert kind this release does not map.
     */
    public static AuditCategory alertCategory(final EngineOutput o)
    {
        if (o.alertKind == null)
        {
            return null;
        }
        switch (o.alertKind)
        {
            case KILL_SWITCH_FIRED:
                return AuditCategory.KILLSWITCH_FIRED;
            case KILL_SWITCH_RESET:
                return AuditCategory.KILLSWITCH_RESET;
            case KILL_SWITCH_RESET_REFUSED:
                return AuditCategory.KILLSWITCH_RESET_REFUSED;
            case WATCHDOG_HALT:
            {
                final HaltReason reason = HaltReason.fromCode(o.alertCode);
                return reason == HaltReason.FEED_STALE || reason == HaltReason.FEED_DISCONNECTED ?
                    AuditCategory.FEED_STALE : AuditCategory.WATCHDOG_HALT;
            }
            case FEED_DEGRADED:
                return AuditCategory.FEED_STALE;
            case FEED_RECOVERED:
                return AuditCategory.FEED_RECOVERED;
            case LIMIT_CHANGED:
            case LIMIT_CHANGE_REFUSED:
                return AuditCategory.CONFIG_CHANGE;
            default:
                return null;
        }
    }

    private static String commandText(final ControlAction action, final long value, final String reason)
    {
        final String because = reason.isEmpty() ? "no reason given" : reason;
        switch (action)
        {
            case KILL:
                return "kill switch requested: " + because;
            case RESET:
                return "kill switch reset requested: " + because;
            case LIMIT_CHANGE:
                return "limit change requested: " + reason + " = " + value;
            case FEED_GAP:
                return "market data skipped: " + because;
            case FEED_DOWN:
                return "market data feed " + value + " down, marked stale at once: " + because;
            case ORDER_HELD:
                return "order " + value + " " + because;
            default:
                return "control " + name(action) + " requested" + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    private static boolean isRiskLayer(final String layer)
    {
        for (final RiskLayer l : RISK_LAYERS)
        {
            if (l.label().equals(layer))
            {
                return true;
            }
        }
        return false;
    }

    private void otherOutput(final EngineOutput o, final long outputRecord, final List<AuditDraft> out)
    {
        out.add(AuditDraft.of(AuditCategory.ENGINE_OUTPUT, AuditSeverity.WARNING)
            .timestampNanos(o.timestampNanos)
            .correlationId("journal:" + o.causeSequence)
            .message("engine output " + name(o.kind) + " that this release does not map: " + o)
            .payload(json.begin().field("kind", name(o.kind))
                .beginObject("journal").field("output", outputRecord).field("cause_sequence", o.causeSequence).endObject()
                .finish()));
    }

    /** @return the name of the venue the order went to (its own, when there are several). */
    private String venueOf(final EngineOutput o)
    {
        return venues.name(o.accountId, o.instrumentId);
    }

    private AuditDraft orderDraft(final EngineOutput o, final AuditCategory category, final AuditSeverity severity)
    {
        return AuditDraft.of(category, severity)
            .timestampNanos(o.timestampNanos)
            .actor(actor(o.strategyId))
            .accountId(account(o.accountId))
            .venueName(venueOf(o))
            .correlationId("journal:" + o.causeSequence)
            .marketId(symbol(o.instrumentId))
            .orderId(o.orderId != 0 ? Long.toString(o.orderId) : null)
            .clientOrderId(clientOrderId(o.clientOrderIdHi, o.clientOrderIdLo));
    }

    private String reportPayload(final EngineOutput o, final long outputRecord, final String dlqId, final String error)
    {
        json.begin()
            .field("exec_type", name(o.execType))
            .field("order_state", name(o.state))
            .field("side", name(o.side))
            .field("order_type", name(o.orderType))
            .field("price", o.orderType == OrderType.MARKET ? null : FixedPoint.format(o.price))
            .field("quantity", FixedPoint.format(o.quantity))
            .field("cum_quantity", FixedPoint.format(o.cumulativeQuantity))
            .field("leaves_quantity", FixedPoint.format(o.leavesQuantity));
        if (o.lastQuantity != 0)
        {
            json.field("last_price", FixedPoint.format(o.lastPrice)).field("last_quantity", FixedPoint.format(o.lastQuantity));
        }
        if (o.origClientOrderIdHi != 0 || o.origClientOrderIdLo != 0)
        {
            json.field("orig_client_order_id", ClientOrderIds.format(o.origClientOrderIdHi, o.origClientOrderIdLo));
        }
        if (o.rejectReason != RejectReason.NONE)
        {
            json.field("reject_reason", o.rejectReason.name().toLowerCase(Locale.ROOT))
                .field("reject_layer", o.rejectReason.layer())
                .field("reject_text", o.rejectReason.describe(o.rejectValue));
        }
        if (o.execType == ExecType.REPLACE_REJECTED)
        {
            // null: the journal predates the field (schema 1), so what was asked is not known.
            json.field("amend_price", o.amendPrice == EngineOutput.UNKNOWN ? null : FixedPoint.format(o.amendPrice))
                .field("amend_quantity", o.amendQuantity == EngineOutput.UNKNOWN ? null : FixedPoint.format(o.amendQuantity));
        }
        json.field("dlq_id", dlqId).field("error", error)
            .field("strategy", o.strategyId >= 0 ? strategyName(o.strategyId) : null)
            .beginObject("journal")
            .field("output", outputRecord)
            .field("cause_sequence", o.causeSequence)
            .field("cause_type", name(o.causeType))
            .endObject();
        return json.finish();
    }

    private StringBuilder describeOrder(final StringBuilder sb, final EngineOutput o)
    {
        sb.append(o.side == null ? "?" : o.side.name()).append(' ').append(FixedPoint.format(o.quantity)).append(' ')
            .append(symbol(o.instrumentId)).append(' ').append(o.orderType == null ? "?" : o.orderType.name());
        if (o.orderType != OrderType.MARKET)
        {
            sb.append(" @ ").append(FixedPoint.format(o.price));
        }
        if (o.clientOrderIdHi != 0 || o.clientOrderIdLo != 0)
        {
            sb.append(" (");
            ClientOrderIds.appendTo(sb, o.clientOrderIdHi, o.clientOrderIdLo).append(')');
        }
        return sb;
    }

    private String actor(final int strategyId)
    {
        return strategyId >= 0 ? "strategy:" + strategyName(strategyId) : "client";
    }

    private String strategyName(final int strategyId)
    {
        return strategyId < strategyNames.size() ? strategyNames.get(strategyId) : Integer.toString(strategyId);
    }

    /**
     * @param text a control event's text, as {@link ControlText} composes it.
     * @return {@code user:NAME} when the text names an operator, else {@code system}.
     */
    static String actorOf(final String text)
    {
        final String actor = ControlText.actor(text);
        return actor == null ? "system" : actor;
    }

    private String account(final int accountId)
    {
        return referenceData.isAccount(accountId) ? referenceData.account(accountId).name() :
            accountId < 0 ? null : Integer.toString(accountId);
    }

    private String symbol(final int instrumentId)
    {
        return referenceData.isInstrument(instrumentId) ? referenceData.instrument(instrumentId).symbol() :
            instrumentId < 0 ? null : Integer.toString(instrumentId);
    }

    private static String clientOrderId(final long hi, final long lo)
    {
        return hi == 0 && lo == 0 ? null : ClientOrderIds.format(hi, lo);
    }

    private static String name(final Enum<?> value)
    {
        return value == null ? null : value.name();
    }
}
