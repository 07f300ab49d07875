package io.horizon.engine.journal;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;

/**
 * Every engine enum the journal stores, with its frozen wire values from the SBE schema. Journal
 * layout 1 stored the same numbers (it wrote {@code ordinal() + 1} or the enum's own code, which
 * the schema pinned), so both layouts decode through these tables and neither depends on the
 * order of a Java enum any more.
 * <p>
 * Threading: immutable; any thread.
 */
final class JournalWireCodes
{
    static final WireEnum<EventType, io.horizon.engine.journal.sbe.EventType> EVENT_TYPE =
        new WireEnum<>(EventType.class, io.horizon.engine.journal.sbe.EventType.values(), w -> w.value());
    static final WireEnum<Side, io.horizon.engine.journal.sbe.Side> SIDE =
        new WireEnum<>(Side.class, io.horizon.engine.journal.sbe.Side.values(), w -> w.value());
    static final WireEnum<OrderType, io.horizon.engine.journal.sbe.OrderType> ORDER_TYPE =
        new WireEnum<>(OrderType.class, io.horizon.engine.journal.sbe.OrderType.values(), w -> w.value());
    static final WireEnum<ControlAction, io.horizon.engine.journal.sbe.ControlAction> CONTROL_ACTION =
        new WireEnum<>(ControlAction.class, io.horizon.engine.journal.sbe.ControlAction.values(), w -> w.value());
    static final WireEnum<RejectReason, io.horizon.engine.journal.sbe.RejectReason> REJECT_REASON =
        new WireEnum<>(RejectReason.class, io.horizon.engine.journal.sbe.RejectReason.values(), w -> w.value());
    static final WireEnum<OutputKind, io.horizon.engine.journal.sbe.OutputKind> OUTPUT_KIND =
        new WireEnum<>(OutputKind.class, io.horizon.engine.journal.sbe.OutputKind.values(), w -> w.value());
    static final WireEnum<ExecType, io.horizon.engine.journal.sbe.ExecType> EXEC_TYPE =
        new WireEnum<>(ExecType.class, io.horizon.engine.journal.sbe.ExecType.values(), w -> w.value());
    static final WireEnum<OrderState, io.horizon.engine.journal.sbe.OrderState> ORDER_STATE =
        new WireEnum<>(OrderState.class, io.horizon.engine.journal.sbe.OrderState.values(), w -> w.value());
    static final WireEnum<AlertKind, io.horizon.engine.journal.sbe.AlertKind> ALERT_KIND =
        new WireEnum<>(AlertKind.class, io.horizon.engine.journal.sbe.AlertKind.values(), w -> w.value());
    static final WireEnum<Runbook, io.horizon.engine.journal.sbe.Runbook> RUNBOOK =
        new WireEnum<>(Runbook.class, io.horizon.engine.journal.sbe.Runbook.values(), w -> w.value());

    private JournalWireCodes()
    {
    }
}
