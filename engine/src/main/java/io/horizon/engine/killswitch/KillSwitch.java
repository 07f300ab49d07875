package io.horizon.engine.killswitch;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.snapshot.SnapshotFormatException;

import java.nio.charset.StandardCharsets;

import io.horizon.engine.event.ControlText;
import io.horizon.engine.event.InboundEvent;

/**
 * The kill switch's state: ARMED (trading) or ENGAGED, with the trigger, the reason and when it
 * fired. A pure state machine: what happens when it fires (cancelling every open order,
 * flattening, alerting) is done by the risk component that owns it, so the rules here stay
 * small and testable.
 * <p>
 * Once engaged it stays engaged until {@link #reset} with a non-blank reason, or, only when the
 * owner allows it, {@link #clear} once the trigger's condition has cleared. A second fire while
 * engaged changes nothing: the first trigger is the one the runbook needs.
 * <p>
 * Fire and reset are driven only by journaled input (control events and heartbeats), so replaying
 * the journal ends in the same state. No allocation except {@link #reason()}.
 * <p>
 * Threading: BLP thread only; read it from elsewhere only after the pipeline has stopped.
 */
public final class KillSwitch implements SnapshotState
{
    /** What a reset request came to. */
    public enum ResetOutcome
    {
        /** The switch is armed again. */
        RESET,
        /** Refused: a reset must say why. */
        REFUSED_NO_REASON,
        /** Nothing to reset; the switch was armed. */
        NOT_ENGAGED
    }

    private final byte[] reason = new byte[InboundEvent.MAX_TEXT_BYTES];
    private final byte[] resetReason = new byte[InboundEvent.MAX_TEXT_BYTES];
    private int reasonLength;
    private int resetReasonLength;
    private boolean engaged;
    private KillTrigger trigger;
    private long triggerValue;
    private long triggerLimit;
    private long firedAtNanos;
    private long resetAtNanos;
    private long fires;
    private long resets;

    /**
     * Engages the switch.
     *
     * @param trigger      what fired it.
     * @param value        the observed value behind the trigger (0 for event triggers).
     * @param limit        the threshold it crossed (0 for event triggers).
     * @param nowNanos     event time.
     * @param control      the control event that carries the reason, or {@code null} for a
     *                     computed trigger.
     * @return true when it engaged now; false when it was already engaged.
     */
    public boolean fire(
        final KillTrigger trigger, final long value, final long limit, final long nowNanos, final InboundEvent control)
    {
        if (engaged)
        {
            return false;
        }
        engaged = true;
        this.trigger = trigger;
        this.triggerValue = value;
        this.triggerLimit = limit;
        this.firedAtNanos = nowNanos;
        reasonLength = control == null ? 0 : copyText(control, reason);
        fires++;
        return true;
    }

    /**
     * An operator's reset, which must carry a non-blank reason.
     *
     * @param control  the RESET control event.
     * @param nowNanos event time.
     * @return what happened.
     */
    public ResetOutcome reset(final InboundEvent control, final long nowNanos)
    {
        // "user:alice: " names an operator but gives no reason. Parsing allocates; a reset is rare.
        if (!control.hasNonBlankText() || ControlText.reason(control.text()).isBlank())
        {
            return ResetOutcome.REFUSED_NO_REASON;
        }
        if (!engaged)
        {
            return ResetOutcome.NOT_ENGAGED;
        }
        resetReasonLength = copyText(control, resetReason);
        disengage(nowNanos);
        return ResetOutcome.RESET;
    }

    /**
     * Disengages because the trigger's condition cleared, when the owner's configuration does
     * not require a manual reset.
     *
     * @param nowNanos event time.
     * @return true when it was engaged.
     */
    public boolean clear(final long nowNanos)
    {
        if (!engaged)
        {
            return false;
        }
        resetReasonLength = 0;
        disengage(nowNanos);
        return true;
    }

    private void disengage(final long nowNanos)
    {
        engaged = false;
        resetAtNanos = nowNanos;
        resets++;
    }

    private static int copyText(final InboundEvent control, final byte[] into)
    {
        final int n = Math.min(control.textLength(), into.length);
        System.arraycopy(control.textBytes(), 0, into, 0, n);
        return n;
    }

    /**
     * @return true while engaged.
     */
    public boolean isEngaged()
    {
        return engaged;
    }

    /**
     * @return the trigger of the current (or last) engagement, or {@code null} when it never fired.
     */
    public KillTrigger trigger()
    {
        return trigger;
    }

    /**
     * @return the observed value behind the current (or last) trigger.
     */
    public long triggerValue()
    {
        return triggerValue;
    }

    /**
     * @return the threshold the current (or last) trigger crossed.
     */
    public long triggerLimit()
    {
        return triggerLimit;
    }

    /**
     * @return event time of the last fire, or 0.
     */
    public long firedAtNanos()
    {
        return firedAtNanos;
    }

    /**
     * @return event time of the last reset, or 0.
     */
    public long resetAtNanos()
    {
        return resetAtNanos;
    }

    /**
     * @return times it engaged.
     */
    public long fires()
    {
        return fires;
    }

    /**
     * @return times it was reset or cleared.
     */
    public long resets()
    {
        return resets;
    }

    /**
     * Decodes the reason of the current (or last) engagement. Allocates; edges only.
     *
     * @return the operator's text, or empty for a computed trigger.
     */
    public String reason()
    {
        return new String(reason, 0, reasonLength, StandardCharsets.UTF_8);
    }

    /**
     * Decodes the reason of the last operator reset. Allocates; edges only.
     *
     * @return the text, or empty when never reset by an operator.
     */
    public String resetReason()
    {
        return new String(resetReason, 0, resetReasonLength, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return engaged ?
            "ENGAGED (trigger " + trigger.label() + (reasonLength > 0 ? ": " + reason() : "") + ")" :
            "ARMED" + (fires > 0 ? " (fired " + fires + " times, last trigger " + trigger.label() + ")" : "");
    }

    @Override
    public void writeState(final StateWriter out)
    {
        out.putBoolean(engaged);
        out.putLong(triggerValue);
        out.putLong(triggerLimit);
        out.putLong(firedAtNanos);
        out.putLong(resetAtNanos);
        out.putLong(fires);
        out.putLong(resets);
        out.putInt(trigger == null ? -1 : trigger.code());
        out.putBytes(reason, reasonLength);
        out.putBytes(resetReason, resetReasonLength);
    }

    @Override
    public void readState(final StateReader in)
    {
        engaged = in.getBoolean("engaged");
        triggerValue = in.getLong("trigger value");
        triggerLimit = in.getLong("trigger limit");
        firedAtNanos = in.getLong("fired at nanos");
        resetAtNanos = in.getLong("reset at nanos");
        fires = in.getLong("fires");
        resets = in.getLong("resets");
        final int code = in.getInt("kill switch trigger");
        trigger = code == -1 ? null : KillTrigger.fromCode(code);
        if (code != -1 && trigger == null)
        {
            throw new SnapshotFormatException("kill switch trigger code " + code + " is not known to this release");
        }
        reasonLength = in.getBytes(reason, "kill switch reason");
        resetReasonLength = in.getBytes(resetReason, "kill switch reset reason");
    }
}
