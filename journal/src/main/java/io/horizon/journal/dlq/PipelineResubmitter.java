package io.horizon.journal.dlq;

import java.security.SecureRandom;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.order.ClientOrderId;
import io.horizon.engine.order.ClientOrderIdGenerator;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.pipeline.OrderEntry;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;

/**
 * Sends dead letters again through a running pipeline's {@link OrderEntry}: the same door a
 * client's orders come through, so pre-trade risk judges the redrive like any new order. Names in
 * the dead letter are resolved against the running configuration; new orders and amends get a
 * fresh client order id, made here at the edge from the wall clock and a random seed.
 * <p>
 * Threading: any thread (synchronized; order entry is multi-producer).
 */
public final class PipelineResubmitter implements OrderResubmitter
{
    private final OrderEntry orderEntry;
    private final ReferenceData referenceData;
    private final ClientOrderIdGenerator ids = new ClientOrderIdGenerator(new SecureRandom().nextLong());

    /**
     * @param orderEntry    the running pipeline's order entry.
     * @param referenceData the running configuration's names.
     */
    public PipelineResubmitter(final OrderEntry orderEntry, final ReferenceData referenceData)
    {
        this.orderEntry = orderEntry;
        this.referenceData = referenceData;
    }

    @Override
    public synchronized String resubmit(final DlqAction action)
    {
        final Account account = referenceData.accountByName(action.account());
        if (account == null)
        {
            throw new RedriveRefusedException("account '" + action.account() + "' of this dead letter is not in the running " +
                "configuration; nothing was sent");
        }
        final RejectReason published;
        final String clientOrderId;
        switch (action.kind())
        {
            case DlqAction.NEW_ORDER:
            {
                final Instrument instrument = instrument(action.market());
                final OrderType type = OrderType.valueOf(action.orderType());
                ids.next(System.currentTimeMillis());
                clientOrderId = ClientOrderIds.format(ids.hi(), ids.lo());
                published = orderEntry.newOrder(account.id(), instrument.id(), Side.valueOf(action.side()), type,
                    type == OrderType.MARKET ? 0 : FixedPoint.parse(action.price()), FixedPoint.parse(action.quantity()),
                    ids.hi(), ids.lo());
                break;
            }
            case DlqAction.CANCEL_ORDER:
            {
                final ClientOrderId orig = ClientOrderIds.parse(action.clientOrderId());
                clientOrderId = action.clientOrderId();
                published = orderEntry.cancel(account.id(), orig.hi(), orig.lo());
                break;
            }
            case DlqAction.AMEND_ORDER:
            {
                final ClientOrderId orig = ClientOrderIds.parse(action.origClientOrderId());
                ids.next(System.currentTimeMillis());
                clientOrderId = ClientOrderIds.format(ids.hi(), ids.lo());
                published = orderEntry.amend(account.id(), orig.hi(), orig.lo(), ids.hi(), ids.lo(),
                    FixedPoint.parse(action.price()), FixedPoint.parse(action.quantity()));
                break;
            }
            default:
                throw new RedriveRefusedException("a dead letter of kind '" + action.kind() + "' holds no order command; nothing was sent");
        }
        if (published != RejectReason.NONE)
        {
            throw new RedriveRefusedException("the engine did not take the redrive (" + published.describe(0) +
                "); nothing was sent, try again in a moment");
        }
        return clientOrderId;
    }

    private Instrument instrument(final String symbol)
    {
        final Instrument instrument = referenceData.instrumentBySymbol(symbol);
        if (instrument == null)
        {
            throw new RedriveRefusedException("market '" + symbol + "' of this dead letter is not in the running configuration; " +
                "nothing was sent");
        }
        return instrument;
    }
}
