package io.horizon.journal.dlq;

import java.util.Map;

import io.horizon.journal.json.JsonObjectReader;
import io.horizon.journal.json.JsonObjectWriter;

/**
 * What a dead letter holds for redrive ({@code action_json}): the order command that could not be
 * carried out, with names rather than engine ids so it survives configuration changes.
 * <ul>
 *   <li>{@code new_order}: account, market, side, order type, price (absent for market orders),
 *   quantity, and the client order id it had;</li>
 *   <li>{@code cancel_order}: account, market, and the client order id to cancel;</li>
 *   <li>{@code amend_order}: account, market, the client order id to amend
 *   ({@code orig_client_order_id}), the new price and quantity, and the new id it asked for;</li>
 *   <li>{@code event}: an input that made a handler raise and is not an order command; kept for
 *   review ({@code event} holds it as text), not redrivable.</li>
 * </ul>
 * Prices and quantities are exact decimal text.
 * <p>
 * Immutable; any thread.
 *
 * @param kind              {@code new_order}, {@code cancel_order}, {@code amend_order} or {@code event}.
 * @param account           account name, or null.
 * @param market            instrument symbol, or null.
 * @param side              {@code BUY} or {@code SELL}, or null.
 * @param orderType         {@code LIMIT} or {@code MARKET}, or null.
 * @param price             limit price, or null.
 * @param quantity          quantity, or null.
 * @param clientOrderId     the order's client order id ({@code new_order}, {@code cancel_order})
 *                          or the new id an amend asked for.
 * @param origClientOrderId for an amend: the order's client order id before it.
 * @param orderId           Horizon's order id, or null.
 * @param strategy          the strategy that owned the order, or null.
 * @param venue             the venue it was for, or null.
 * @param eventType         for {@code event}: the input's type.
 * @param causeSequence     the inbound sequence of the input behind the failure, or -1.
 * @param event             for {@code event}: the input as text.
 * @param termsUnknown      true when the failed command was no longer in reach (an amend whose
 *                          terms were not found); such an action is not redrivable.
 */
public record DlqAction(
    String kind,
    String account,
    String market,
    String side,
    String orderType,
    String price,
    String quantity,
    String clientOrderId,
    String origClientOrderId,
    String orderId,
    String strategy,
    String venue,
    String eventType,
    long causeSequence,
    String event,
    boolean termsUnknown)
{
    /** A new order. */
    public static final String NEW_ORDER = "new_order";
    /** A cancel. */
    public static final String CANCEL_ORDER = "cancel_order";
    /** An amend. */
    public static final String AMEND_ORDER = "amend_order";
    /** An input kept for review. */
    public static final String EVENT = "event";

    /**
     * @return null when the action can be sent again, else why not.
     */
    public String whyNotRedrivable()
    {
        if (termsUnknown)
        {
            return "the terms of the failed " + kind.replace('_', ' ') + " were not in the journal's reach when it was captured";
        }
        switch (kind)
        {
            case NEW_ORDER:
                return account == null || market == null || side == null || orderType == null || quantity == null ||
                    ("LIMIT".equals(orderType) && price == null) ? "the order's terms are incomplete" : null;
            case CANCEL_ORDER:
                return account == null || clientOrderId == null ? "the cancel does not name its order" : null;
            case AMEND_ORDER:
                return account == null || origClientOrderId == null || price == null || quantity == null ?
                    "the amend's terms are incomplete" : null;
            default:
                return "it holds " + (eventType == null ? "an input" : "a " + eventType + " event") +
                    " that made the engine raise, not an order command";
        }
    }

    /**
     * @return the action as stored in {@code action_json}.
     */
    public String toJson()
    {
        final JsonObjectWriter json = new JsonObjectWriter().begin()
            .field("kind", kind)
            .field("account", account)
            .field("market", market)
            .field("side", side)
            .field("order_type", orderType)
            .field("price", price)
            .field("quantity", quantity)
            .field("client_order_id", clientOrderId)
            .field("orig_client_order_id", origClientOrderId)
            .field("order_id", orderId)
            .field("strategy", strategy)
            .field("venue", venue)
            .field("event_type", eventType);
        if (causeSequence >= 0)
        {
            json.field("cause_sequence", causeSequence);
        }
        json.field("event", event);
        if (termsUnknown)
        {
            json.field("terms_unknown", true);
        }
        return json.finish();
    }

    /**
     * @param json an {@code action_json} value.
     * @return the action.
     * @throws IllegalArgumentException when the text is not an action.
     */
    public static DlqAction parse(final String json)
    {
        final Map<String, Object> f = JsonObjectReader.read(json);
        final Object kind = f.get("kind");
        if (!(kind instanceof String))
        {
            throw new IllegalArgumentException("action_json has no kind: " + json);
        }
        final Object cause = f.get("cause_sequence");
        return new DlqAction((String)kind, text(f, "account"), text(f, "market"), text(f, "side"), text(f, "order_type"),
            text(f, "price"), text(f, "quantity"), text(f, "client_order_id"), text(f, "orig_client_order_id"),
            text(f, "order_id"), text(f, "strategy"), text(f, "venue"), text(f, "event_type"),
            cause instanceof Long ? (Long)cause : -1, text(f, "event"), Boolean.TRUE.equals(f.get("terms_unknown")));
    }

    private static String text(final Map<String, Object> fields, final String name)
    {
        final Object value = fields.get(name);
        return value == null ? null : value.toString();
    }
}
