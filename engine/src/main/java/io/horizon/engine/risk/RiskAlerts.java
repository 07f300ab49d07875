package io.horizon.engine.risk;

import java.util.Locale;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.killswitch.KillTrigger;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.watchdog.FeedStatus;
import io.horizon.engine.watchdog.HaltReason;

/**
 * Renders alert outputs for people, from their codes: the BLP emits only codes and numbers, and
 * an edge (an alert sink, a log line, {@code horizon replay}) turns them into text here.
 * <p>
 * Stateless; any thread. Allocates: edges only.
 */
public final class RiskAlerts
{
    private RiskAlerts()
    {
    }

    /**
     * @param out an output of kind {@link OutputKind#ALERT}.
     * @return one line, for example
     *         {@code "kill switch fired: consecutive_rejects (5, limit 5); runbook deploy/runbooks/kill-switch.md"}.
     */
    public static String describe(final EngineOutput out)
    {
        if (out.kind != OutputKind.ALERT || out.alertKind == null)
        {
            return String.valueOf(out);
        }
        final String text;
        switch (out.alertKind)
        {
            case KILL_SWITCH_FIRED:
            {
                final KillTrigger t = KillTrigger.fromCode(out.alertCode);
                text = "kill switch fired: " + (t == null ? "trigger " + out.alertCode : t.label()) + triggerNumbers(t, out) +
                    "; every new order is rejected until a reset with a reason (journal sequence " + out.causeSequence + ")";
                break;
            }
            case KILL_SWITCH_RESET:
            {
                final KillTrigger t = KillTrigger.fromCode(out.alertCode);
                text = (AlertKind.ResetBy.fromCode(out.alertDetail) == AlertKind.ResetBy.AUTOMATIC ?
                    "kill switch cleared by itself (its trigger cleared)" : "kill switch reset by an operator") +
                    (t == null ? "" : "; it had fired on " + t.label());
                break;
            }
            case KILL_SWITCH_RESET_REFUSED:
                text = "kill switch reset refused: a reset must carry a reason";
                break;
            case WATCHDOG_HALT:
                text = "watchdog halt: " + describeHalt(out);
                break;
            case FEED_DEGRADED:
                text = "feed " + out.alertCode + " degraded: last tick " + out.alertValue + " ms ago, " + out.alertDetail +
                    " sequence numbers missed since the last heartbeat";
                break;
            case FEED_RECOVERED:
            {
                final FeedStatus from = FeedStatus.fromCode(out.alertDetail);
                text = "feed " + out.alertCode + " recovered" + (from == null ? "" : " from " + from.name().toLowerCase(Locale.ROOT));
                break;
            }
            case LIMIT_CHANGED:
            {
                final RiskLimit limit = RiskLimit.fromCode(out.alertCode);
                text = "risk limit " + (limit == null ? out.alertCode : limit.key()) + scope(out) + " changed from " +
                    format(limit, out.alertLimit) + " to " + format(limit, out.alertValue);
                break;
            }
            case LIMIT_CHANGE_REFUSED:
            {
                final RiskLimit limit = RiskLimit.fromCode(out.alertCode);
                final LimitRefusal why = LimitRefusal.fromCode(out.alertDetail);
                text = "risk limit change refused: " + (limit == null ? "the key" : limit.key() + scope(out) + " = " +
                    format(limit, out.alertValue)) + " " + (why == null ? "was refused" : why.text()) +
                    (why == LimitRefusal.OUT_OF_RANGE || why == LimitRefusal.CONTRADICTS ?
                        " (bound " + format(limit, out.alertLimit) + ")" : "");
                break;
            }
            default:
                text = out.alertKind.name();
                break;
        }
        return out.runbook.path().isEmpty() ? text : text + "; runbook " + out.runbook.path();
    }

    private static String triggerNumbers(final KillTrigger t, final EngineOutput out)
    {
        if (t == null || t.isFiredByControl())
        {
            return "";
        }
        switch (t)
        {
            case DRAWDOWN:
                return " (drawdown " + percent(out.alertValue) + ", kill_switch_drawdown_pct " + percent(out.alertLimit) + ")";
            case EQUITY_MINIMUM:
                return " (equity " + FixedPoint.format(out.alertValue) + ", min_equity " + FixedPoint.format(out.alertLimit) + ")";
            default:
                return " (" + out.alertValue + " in a row, max_consecutive_rejects " + out.alertLimit + ")";
        }
    }

    private static String describeHalt(final EngineOutput out)
    {
        final HaltReason reason = HaltReason.fromCode(out.alertCode);
        if (reason == null)
        {
            return "reason " + out.alertCode;
        }
        switch (reason)
        {
            case FEED_STALE:
            case FEED_DISCONNECTED:
                if (reason == HaltReason.FEED_STALE && out.alertValue < out.alertLimit)
                {
                    // Stale before its time: a FEED_DOWN control (its session dropped).
                    return "feed " + out.alertDetail + " stale: its source went down (last tick " + out.alertValue +
                        " ms ago, limit " + out.alertLimit + " ms); new orders on its instruments pause";
                }
                return "feed " + out.alertDetail + " " + (reason == HaltReason.FEED_STALE ? "stale" : "disconnected") +
                    ": no tick for " + out.alertValue + " ms (limit " + out.alertLimit + " ms); new orders on its instruments pause";
            case INTRADAY_LOSS:
                return "account " + out.accountId + " halted: intraday loss " + FixedPoint.format(out.alertValue) +
                    " reached its allowance " + FixedPoint.format(out.alertLimit) + " (max_intraday_loss_pct)";
            case CONSECUTIVE_REJECTS:
                return out.alertValue + " rejects in a row (max_consecutive_rejects " + out.alertLimit + "): kill switch";
            case MIN_EQUITY:
                return "equity " + FixedPoint.format(out.alertValue) + " below min_equity " + FixedPoint.format(out.alertLimit) +
                    ": kill switch";
            default:
                return "portfolio drawdown " + percent(out.alertValue) + " reached kill_switch_drawdown_pct " +
                    percent(out.alertLimit) + ": kill switch";
        }
    }

    private static String scope(final EngineOutput out)
    {
        if (out.accountId >= 0)
        {
            return " for account " + out.accountId;
        }
        if (out.instrumentId >= 0)
        {
            return " for instrument " + out.instrumentId;
        }
        return "";
    }

    private static String format(final RiskLimit limit, final long raw)
    {
        return limit == null ? Long.toString(raw) : limit.format(raw);
    }

    private static String percent(final long ratio)
    {
        return FixedPoint.format(ratio * 100) + "%";
    }
}
