package io.horizon.ops.daemon;

import java.nio.file.Path;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.killswitch.KillSwitch;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecutionReportListener;
import io.horizon.engine.output.OutputKind;
import io.horizon.journal.flush.CauseLookup;

/**
 * Follows the kill switch from the outside, through the alerts the BLP emits when it fires
 * ({@code KILL_SWITCH_FIRED}) and is reset ({@code KILL_SWITCH_RESET}), because the
 * {@code KillSwitch} itself may be read only on the BLP thread. Recovery replays the journal with
 * the outputs still reaching listeners, so after recovery this knows whether the switch is
 * engaged, by which trigger, and which journaled event fired it (whose text is the operator's
 * reason).
 * <p>
 * Threading: {@link #onReport} on the thread that delivers reports (gateway or engine thread);
 * the getters from any thread, meaningful once the pipeline is idle.
 */
final class KillSwitchWatch implements ExecutionReportListener
{
    private volatile boolean engaged;
    private volatile int triggerCode;
    private volatile long firedBy = -1;
    private volatile String restoredReason = "";

    @Override
    public void onReport(final EngineOutput out)
    {
        if (out.kind != OutputKind.ALERT)
        {
            return;
        }
        if (out.alertKind == AlertKind.KILL_SWITCH_FIRED)
        {
            triggerCode = out.alertCode;
            firedBy = out.causeSequence;
            engaged = true;
        }
        else if (out.alertKind == AlertKind.KILL_SWITCH_RESET && out.alertCode >= 0)
        {
            // A negative code: a reset while the switch was not engaged; it changes nothing here.
            engaged = false;
        }
    }

    /**
     * The engine was restored from a snapshot: the alert that fired the switch is older than the
     * replayed tail, so take the switch's state from the snapshot. Before the pipeline starts.
     *
     * @param killSwitch the restored kill switch.
     */
    void restoredFrom(final KillSwitch killSwitch)
    {
        engaged = killSwitch.isEngaged();
        triggerCode = killSwitch.trigger() == null ? 0 : killSwitch.trigger().code();
        firedBy = -1;
        restoredReason = killSwitch.reason();
    }

    /**
     * @return true when the last kill switch alert said engaged.
     */
    boolean isEngaged()
    {
        return engaged;
    }

    /**
     * Describes the engaged switch as the kill switch itself does ({@code ENGAGED (trigger manual:
     * user:alice: INC-9)}), reading the operator's words from the journaled event that fired it.
     * Cold path; reads the inbound journal.
     *
     * @param state the state directory whose journal holds the firing event.
     * @return the description.
     */
    String describe(final Path state)
    {
        final KillTrigger trigger = KillTrigger.fromCode(triggerCode);
        String reason = restoredReason.isEmpty() ? "" : ": " + restoredReason;
        if (firedBy < 0)
        {
            return "ENGAGED (trigger " + (trigger == null ? Integer.toString(triggerCode) : trigger.label()) + reason + ")";
        }
        try (CauseLookup causes = new CauseLookup(state))
        {
            final InboundEvent cause = causes.event(firedBy);
            if (cause != null && cause.type == EventType.CONTROL && cause.textLength() > 0)
            {
                reason = ": " + cause.text();
            }
        }
        catch (final RuntimeException ex)
        {
            // The alert matters more than its detail: say it without the operator's words.
        }
        return "ENGAGED (trigger " + (trigger == null ? Integer.toString(triggerCode) : trigger.label()) + reason + ")";
    }
}
