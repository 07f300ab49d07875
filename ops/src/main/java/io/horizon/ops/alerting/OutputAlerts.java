package io.horizon.ops.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskAlerts;
import io.horizon.engine.watchdog.HaltReason;
import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.flush.CauseLookup;

/**
 * Decides which journaled outputs an operator must hear about, names each with its audit category
 * and hands it to the {@link AuditAlertBridge}:
 * <pre>
 * ALERT KILL_SWITCH_FIRED                      killswitch.fired   (operator and reason from the KILL control event)
 * ALERT KILL_SWITCH_RESET                      killswitch.reset   (not when the switch was not engaged)
 * ALERT WATCHDOG_HALT feed stale/disconnected  feed.stale         subject "feed N"
 * ALERT WATCHDOG_HALT any other reason         watchdog.halt      subject the reason (and account)
 * ALERT FEED_DEGRADED                          feed.stale, as a warning (the feed still trades)
 * ALERT FEED_RECOVERED                         feed.recovered
 * EXECUTION_REPORT rejected by a venue failure dlq.captured       (through {@link AuditMapping}, as audit.db has it)
 * ENGINE_ERROR                                 dlq.captured       (likewise)
 * anything else                                nothing
 * </pre>
 * The categories are {@link AuditCategory} codes, so an alert and the audit event of the same
 * journal entry share their category ({@link AuditMapping#alertCategory} names both). The runbook is the one the engine put on the alert.
 * <p>
 * Threading: one thread (it holds the mapping and the cause lookup of its follower).
 */
public final class OutputAlerts
{
    private final AuditAlertBridge bridge;
    private final AuditMapping mapping;
    private final ReferenceData referenceData;
    private final List<AuditDraft> drafts = new ArrayList<>(2);

    /**
     * @param bridge        where alerts go.
     * @param mapping       the audit mapping, for dead letters.
     * @param referenceData account names.
     */
    public OutputAlerts(final AuditAlertBridge bridge, final AuditMapping mapping, final ReferenceData referenceData)
    {
        this.bridge = bridge;
        this.mapping = mapping;
        this.referenceData = referenceData;
    }

    /**
     * @param o            one journaled output.
     * @param outputRecord its record number in the outbound journal.
     * @param causes       the inbound journal, for the event behind an output.
     * @return true when it raised an alert.
     */
    public boolean onOutput(final EngineOutput o, final long outputRecord, final CauseLookup causes)
    {
        if (o.kind == OutputKind.ALERT)
        {
            return alert(o, causes);
        }
        if (o.kind == OutputKind.ENGINE_ERROR ||
            (o.kind == OutputKind.EXECUTION_REPORT && o.rejectReason == RejectReason.VENUE_EXCEPTION))
        {
            return deadLetter(o, outputRecord, causes);
        }
        return false;
    }

    private boolean alert(final EngineOutput o, final CauseLookup causes)
    {
        if (o.alertKind == null)
        {
            return false;
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put(AuditAlertBridge.RUNBOOK, o.runbook.path());
        fields.put("journal_sequence", Long.toString(o.causeSequence));
        // Engine time: when it happened in the run (a file run's recorded time), not when it is sent.
        fields.put("event_time", java.time.Instant.ofEpochSecond(0, o.timestampNanos).toString());
        String message = RiskAlerts.describe(o);
        final AuditCategory category = AuditMapping.alertCategory(o);
        Severity severity = null;
        switch (o.alertKind)
        {
            case KILL_SWITCH_FIRED:
            {
                final KillTrigger trigger = KillTrigger.fromCode(o.alertCode);
                fields.put("trigger", trigger == null ? Integer.toString(o.alertCode) : trigger.label());
                message = withOperator(message, causes, o.causeSequence, fields);
                break;
            }
            case KILL_SWITCH_RESET:
                if (o.alertCode == AlertKind.RESET_WHILE_ARMED)
                {
                    // A reset while the switch was not engaged clears halted accounts; it ends no page.
                    return false;
                }
                message = withOperator(message, causes, o.causeSequence, fields);
                break;
            case WATCHDOG_HALT:
            {
                if (category == AuditCategory.FEED_STALE)
                {
                    fields.put(AuditAlertBridge.SUBJECT, "feed " + o.alertDetail);
                }
                else
                {
                    final HaltReason reason = HaltReason.fromCode(o.alertCode);
                    final String account = account(o.accountId);
                    fields.put(AuditAlertBridge.SUBJECT, (reason == null ? "reason " + o.alertCode : reason.label()) +
                        (account == null ? "" : " " + account));
                    if (account != null)
                    {
                        fields.put("account", account);
                    }
                }
                break;
            }
            case FEED_DEGRADED:
                severity = Severity.WARNING;
                fields.put(AuditAlertBridge.SUBJECT, "feed " + o.alertCode);
                break;
            case FEED_RECOVERED:
                fields.put(AuditAlertBridge.SUBJECT, "feed " + o.alertCode);
                break;
            default:
                // Limit changes and refused resets are journaled and audited; they page nobody.
                return false;
        }
        return bridge.onAuditEvent(category.code(), severity, message, fields);
    }

    /**
     * Adds who asked and why, from the journaled control event, to a kill or reset an operator
     * (or an outside hook) caused; engine-computed triggers have no such event.
     */
    private static String withOperator(
        final String message, final CauseLookup causes, final long causeSequence, final Map<String, String> fields)
    {
        final InboundEvent cause;
        try
        {
            cause = causes.event(causeSequence);
        }
        catch (final RuntimeException ex)
        {
            // The alert matters more than its detail: send it without the operator's words.
            return message;
        }
        if (cause == null || cause.type != EventType.CONTROL || cause.textLength() == 0)
        {
            return message;
        }
        final String text = cause.text();
        fields.put("requested_by", text);
        final int runbook = message.lastIndexOf("; runbook ");
        return runbook < 0 ? message + " [" + text + "]" :
            message.substring(0, runbook) + " [" + text + "]" + message.substring(runbook);
    }

    private boolean deadLetter(final EngineOutput o, final long outputRecord, final CauseLookup causes)
    {
        drafts.clear();
        mapping.output(o, outputRecord, causes, drafts);
        boolean raised = false;
        for (final AuditDraft d : drafts)
        {
            if (d.category() == AuditCategory.DLQ_CAPTURED)
            {
                final Map<String, String> fields = new LinkedHashMap<>();
                put(fields, "account", d.accountId());
                put(fields, "venue", d.venueName());
                put(fields, "market", d.marketId());
                put(fields, "client_order_id", d.clientOrderId());
                put(fields, "correlation_id", d.correlationId());
                raised |= bridge.onAuditEvent(d.category().code(), d.message(), fields);
            }
        }
        return raised;
    }

    private String account(final int accountId)
    {
        if (accountId < 0)
        {
            return null;
        }
        return referenceData.isAccount(accountId) ? referenceData.account(accountId).name() : Integer.toString(accountId);
    }

    private static void put(final Map<String, String> fields, final String name, final String value)
    {
        if (value != null)
        {
            fields.put(name, value);
        }
    }
}
