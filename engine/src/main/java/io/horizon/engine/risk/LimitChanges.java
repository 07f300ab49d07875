package io.horizon.engine.risk;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.Runbook;

/**
 * A LIMIT_CHANGE control event: the key in its text, the value in {@code controlValue}, the scope in
 * its account and instrument ids. Applied to the {@link LimitTable} when valid (alert
 * {@code LIMIT_CHANGED} with the previous value), otherwise refused with the {@link LimitRefusal}
 * (alert {@code LIMIT_CHANGE_REFUSED} with the bound it broke).
 * <p>
 * Threading: BLP thread only. Decoding the key allocates, which an operator's rare action may.
 */
final class LimitChanges
{
    private final RiskContext context;
    private final LimitTable limits;
    private final RiskCounters counters;
    private final OrderRateWindow rates;

    LimitChanges(final RiskContext context, final LimitTable limits, final RiskCounters counters, final OrderRateWindow rates)
    {
        this.context = context;
        this.limits = limits;
        this.counters = counters;
        this.rates = rates;
    }

    void onLimitChange(final InboundEvent control)
    {
        final RiskLimit limit = RiskLimit.fromKey(control.text());
        final LimitRefusal refusal = limit == null ? LimitRefusal.UNKNOWN_KEY :
            limits.change(limit, control.accountId, control.instrumentId, control.controlValue);
        final EngineOutput out;
        if (refusal != null)
        {
            counters.limitChangesRefused.incrementRelease();
            out = context.alert(AlertKind.LIMIT_CHANGE_REFUSED, Runbook.RISK_LIMITS);
            out.alertCode = limit == null ? -1 : limit.code();
            out.alertDetail = refusal.code();
            out.alertValue = control.controlValue;
            out.alertLimit = limit == null ? 0 : limits.refusedBound();
        }
        else
        {
            if (limit == RiskLimit.RATE_LIMIT_PER_SEC)
            {
                rates.ensureCapacity(control.controlValue);
            }
            counters.limitChangesApplied.incrementRelease();
            out = context.alert(AlertKind.LIMIT_CHANGED, Runbook.RISK_LIMITS);
            out.alertCode = limit.code();
            out.alertValue = control.controlValue;
            out.alertLimit = limits.previousValue();
        }
        out.accountId = control.accountId;
        out.instrumentId = control.instrumentId;
    }
}
