package io.horizon.engine.venue;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.output.OutputKind;

/**
 * Which venue command a {@code VENUE_ERROR} event refuses, carried in the event's
 * {@code rejectValue} (its reason is always {@code VENUE_EXCEPTION}, whose text takes no value):
 * the command's {@link OutputKind} by its journal code ({@code VENUE_NEW} 1, {@code VENUE_CANCEL}
 * 2, {@code VENUE_AMEND} 3, as in the journal schema), or 0 when the event does not say (journals
 * written before the events named it, and responses that report an error without its command).
 * <p>
 * The business-logic processor needs it because a command can be refused after its order has
 * moved on: a FIX venue holds an amend while its session is down, the order fills from a report
 * that was already on its way, and the amend is refused later (past {@code wait_limit_ms}, or the
 * hold full). The order's state no longer says which command failed, and the refusal must still
 * become a report, so the dead-letter queue keeps it.
 * <p>
 * Stateless; any thread.
 */
public final class RefusedCommand
{
    /** The event does not name the refused command. */
    public static final long UNNAMED = 0;

    private RefusedCommand()
    {
    }

    /**
     * @param kind a venue command's kind.
     * @return its code for a {@code VENUE_ERROR}'s {@code rejectValue}; {@link #UNNAMED} for any other kind.
     */
    public static long code(final OutputKind kind)
    {
        switch (kind)
        {
            case VENUE_NEW:
                return 1;
            case VENUE_CANCEL:
                return 2;
            case VENUE_AMEND:
                return 3;
            default:
                return UNNAMED;
        }
    }

    /**
     * @param event a journaled inbound event.
     * @return the command a {@code VENUE_ERROR} refuses, or {@code null} when it is not one or does not say.
     */
    public static OutputKind of(final InboundEvent event)
    {
        if (event.type != EventType.VENUE_ERROR)
        {
            return null;
        }
        final long code = event.rejectValue;
        return code == 1 ? OutputKind.VENUE_NEW : code == 2 ? OutputKind.VENUE_CANCEL : code == 3 ? OutputKind.VENUE_AMEND : null;
    }
}
