package io.horizon.ops.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.order.ClientOrderIds;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskAlerts;

/**
 * Prints timeline entries for people (aligned columns, ids resolved to names) or as JSON lines
 * for tools. Runs at the edge, so it may allocate.
 * <p>
 * Threading: one thread.
 */
final class TimelineFormatter implements AutoCloseable
{
    private final ReferenceData referenceData;
    private final PrintStream text;
    private final JsonGenerator json;
    private final StringBuilder sb = new StringBuilder(256);

    private TimelineFormatter(final ReferenceData referenceData, final PrintStream text, final JsonGenerator json)
    {
        this.referenceData = referenceData;
        this.text = text;
        this.json = json;
    }

    static TimelineFormatter text(final ReferenceData referenceData, final PrintStream out)
    {
        return new TimelineFormatter(referenceData, out, null);
    }

    static TimelineFormatter json(final ReferenceData referenceData, final OutputStream out) throws IOException
    {
        final JsonGenerator generator = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        generator.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        return new TimelineFormatter(referenceData, null, generator);
    }

    void inbound(final long sequence, final InboundEvent e) throws IOException
    {
        if (json != null)
        {
            inboundJson(sequence, e);
            return;
        }
        sb.setLength(0);
        sb.append(Instant.ofEpochSecond(0, e.timestampNanos)).append("  #");
        pad(sb, Long.toString(sequence), 9, false);
        sb.append("  ");
        pad(sb, e.type.name(), 20, true);
        pad(sb, account(e.accountId), 10, true);
        pad(sb, instrument(e.instrumentId), 8, true);
        switch (e.type)
        {
            case QUOTE:
                sb.append("bid ");
                num(e.bidPrice).append(" x ");
                num(e.bidQuantity).append("  ask ");
                num(e.askPrice).append(" x ");
                num(e.askQuantity).append("  feed ").append(e.source).append(" #").append(e.feedSequence);
                break;
            case TRADE:
                num(e.price).append(" x ");
                num(e.quantity).append("  feed ").append(e.source).append(" #").append(e.feedSequence);
                break;
            case NEW_ORDER:
                sb.append(e.side).append(' ').append(e.orderType).append(' ');
                num(e.quantity).append(" @ ");
                num(e.price).append("  ");
                ClientOrderIds.appendTo(sb, e.clientOrderIdHi, e.clientOrderIdLo);
                break;
            case CANCEL_ORDER:
                sb.append("cancel ");
                ClientOrderIds.appendTo(sb, e.origClientOrderIdHi, e.origClientOrderIdLo);
                break;
            case AMEND_ORDER:
                sb.append("amend ");
                ClientOrderIds.appendTo(sb, e.origClientOrderIdHi, e.origClientOrderIdLo).append(" -> ");
                ClientOrderIds.appendTo(sb, e.clientOrderIdHi, e.clientOrderIdLo).append(' ');
                num(e.quantity).append(" @ ");
                num(e.price);
                break;
            case HEARTBEAT:
                break;
            case CONTROL:
                sb.append(e.controlAction).append(" value ").append(e.controlValue).append("  \"").append(e.text()).append('"');
                break;
            default:
                venueResponse(e);
                break;
        }
        text.println(sb);
    }

    private void venueResponse(final InboundEvent e)
    {
        sb.append("order ").append(e.orderId);
        switch (e.type)
        {
            case VENUE_ACK:
                sb.append("  venue id ").append(e.venueOrderId);
                break;
            case VENUE_FILL:
                sb.append("  filled ");
                num(e.quantity).append(" @ ");
                num(e.price).append("  leaves ");
                num(e.leavesQuantity);
                break;
            case VENUE_REPLACE_ACK:
                sb.append("  now ");
                num(e.quantity).append(" @ ");
                num(e.price).append("  leaves ");
                num(e.leavesQuantity);
                break;
            case VENUE_CANCEL_ACK:
            case VENUE_EXPIRED:
                sb.append("  leaves ");
                num(e.leavesQuantity);
                break;
            default:
                if (e.rejectReason != RejectReason.NONE)
                {
                    sb.append("  ").append(e.rejectReason.describe(e.rejectValue));
                }
                if (e.textLength() > 0)
                {
                    sb.append("  \"").append(e.text()).append('"');
                }
                break;
        }
    }

    void output(final EngineOutput o) throws IOException
    {
        if (json != null)
        {
            outputJson(o);
            return;
        }
        sb.setLength(0);
        sb.append(Instant.ofEpochSecond(0, o.timestampNanos)).append("   -> ");
        pad(sb, Long.toString(o.causeSequence), 7, false);
        sb.append("  ");
        pad(sb, o.kind == OutputKind.EXECUTION_REPORT ? "REPORT " + o.execType :
            o.kind == OutputKind.ALERT ? "ALERT " + o.alertKind : o.kind.name(), 20, true);
        pad(sb, account(o.accountId), 10, true);
        pad(sb, instrument(o.instrumentId), 8, true);
        if (o.kind == OutputKind.ALERT)
        {
            sb.append(RiskAlerts.describe(o));
            if (o.runbook != Runbook.NONE)
            {
                sb.append("  runbook ").append(o.runbook.path());
            }
            text.println(sb);
            return;
        }
        if (o.kind == OutputKind.ENGINE_ERROR)
        {
            sb.append(o.error == null ? "" : EngineOutput.errorText(o.error));
            if (o.rejectReason != RejectReason.NONE)
            {
                sb.append(o.rejectReason.describe(o.rejectValue));
            }
            text.println(sb);
            return;
        }
        sb.append("order ").append(o.orderId).append(' ');
        if (o.clientOrderIdHi != 0 || o.clientOrderIdLo != 0)
        {
            ClientOrderIds.appendTo(sb, o.clientOrderIdHi, o.clientOrderIdLo).append(' ');
        }
        sb.append(o.side).append(' ').append(o.orderType).append(' ');
        num(o.quantity).append(" @ ");
        num(o.price);
        if (o.lastQuantity != 0)
        {
            sb.append("  last ");
            num(o.lastQuantity).append(" @ ");
            num(o.lastPrice);
        }
        if (o.kind == OutputKind.EXECUTION_REPORT)
        {
            sb.append("  cum ");
            num(o.cumulativeQuantity).append(" leaves ");
            num(o.leavesQuantity).append("  ").append(o.state);
        }
        if (o.rejectReason != RejectReason.NONE)
        {
            sb.append("  reject: ").append(o.rejectReason.describe(o.rejectValue, o.rejectLimit));
        }
        if (o.execType == ExecType.REPLACE_REJECTED)
        {
            // The report's price is the order's own; a journal of schema 1 did not keep what was asked.
            if (o.amendPrice == EngineOutput.UNKNOWN)
            {
                sb.append("  asked price unknown");
            }
            else
            {
                sb.append("  asked ");
                num(o.amendQuantity).append(" @ ");
                num(o.amendPrice);
            }
        }
        text.println(sb);
    }

    private void inboundJson(final long sequence, final InboundEvent e) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("record", "input");
        json.writeNumberField("seq", sequence);
        json.writeStringField("time", Instant.ofEpochSecond(0, e.timestampNanos).toString());
        json.writeNumberField("ts_nanos", e.timestampNanos);
        json.writeStringField("type", e.type.name());
        if (e.accountId >= 0)
        {
            json.writeStringField("account", account(e.accountId));
        }
        if (e.instrumentId >= 0)
        {
            json.writeStringField("market", instrument(e.instrumentId));
        }
        switch (e.type)
        {
            case QUOTE:
                decimal("bid", e.bidPrice);
                decimal("bid_size", e.bidQuantity);
                decimal("ask", e.askPrice);
                decimal("ask_size", e.askQuantity);
                json.writeNumberField("feed", e.source);
                json.writeNumberField("feed_seq", e.feedSequence);
                break;
            case TRADE:
                decimal("price", e.price);
                decimal("size", e.quantity);
                json.writeNumberField("feed", e.source);
                json.writeNumberField("feed_seq", e.feedSequence);
                break;
            case NEW_ORDER:
            case AMEND_ORDER:
            case CANCEL_ORDER:
                if (e.side != null)
                {
                    json.writeStringField("side", e.side.name());
                }
                if (e.orderType != null)
                {
                    json.writeStringField("order_type", e.orderType.name());
                }
                if (e.type != EventType.CANCEL_ORDER)
                {
                    decimal("price", e.price);
                    decimal("quantity", e.quantity);
                    json.writeStringField("client_order_id", ClientOrderIds.format(e.clientOrderIdHi, e.clientOrderIdLo));
                }
                if (e.type != EventType.NEW_ORDER)
                {
                    json.writeStringField("orig_client_order_id",
                        ClientOrderIds.format(e.origClientOrderIdHi, e.origClientOrderIdLo));
                }
                break;
            case HEARTBEAT:
                break;
            case CONTROL:
                json.writeStringField("action", e.controlAction.name());
                json.writeNumberField("value", e.controlValue);
                json.writeStringField("reason", e.text());
                break;
            default:
                json.writeNumberField("order_id", e.orderId);
                if (e.type == EventType.VENUE_ACK)
                {
                    json.writeNumberField("venue_order_id", e.venueOrderId);
                }
                decimal("price", e.price);
                decimal("quantity", e.quantity);
                decimal("leaves", e.leavesQuantity);
                if (e.rejectReason != RejectReason.NONE)
                {
                    json.writeStringField("reject_reason", e.rejectReason.describe(e.rejectValue));
                }
                if (e.textLength() > 0)
                {
                    json.writeStringField("text", e.text());
                }
                break;
        }
        json.writeEndObject();
    }

    private void outputJson(final EngineOutput o) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("record", "output");
        json.writeNumberField("cause_seq", o.causeSequence);
        json.writeStringField("time", Instant.ofEpochSecond(0, o.timestampNanos).toString());
        json.writeNumberField("ts_nanos", o.timestampNanos);
        json.writeStringField("kind", o.kind.name());
        if (o.execType != null)
        {
            json.writeStringField("exec_type", o.execType.name());
        }
        if (o.state != null)
        {
            json.writeStringField("state", o.state.name());
        }
        if (o.accountId >= 0)
        {
            json.writeStringField("account", account(o.accountId));
        }
        if (o.instrumentId >= 0)
        {
            json.writeStringField("market", instrument(o.instrumentId));
        }
        json.writeNumberField("order_id", o.orderId);
        if (o.clientOrderIdHi != 0 || o.clientOrderIdLo != 0)
        {
            json.writeStringField("client_order_id", ClientOrderIds.format(o.clientOrderIdHi, o.clientOrderIdLo));
        }
        if (o.origClientOrderIdHi != 0 || o.origClientOrderIdLo != 0)
        {
            json.writeStringField("orig_client_order_id", ClientOrderIds.format(o.origClientOrderIdHi, o.origClientOrderIdLo));
        }
        if (o.side != null)
        {
            json.writeStringField("side", o.side.name());
        }
        if (o.orderType != null)
        {
            json.writeStringField("order_type", o.orderType.name());
        }
        decimal("price", o.price);
        decimal("quantity", o.quantity);
        decimal("cum_quantity", o.cumulativeQuantity);
        decimal("leaves", o.leavesQuantity);
        decimal("last_price", o.lastPrice);
        decimal("last_quantity", o.lastQuantity);
        if (o.strategyId >= 0)
        {
            json.writeNumberField("strategy", o.strategyId);
        }
        if (o.alertKind != null)
        {
            json.writeStringField("alert", o.alertKind.name());
            json.writeStringField("alert_text", RiskAlerts.describe(o));
            if (o.runbook != Runbook.NONE)
            {
                json.writeStringField("runbook", o.runbook.path());
            }
        }
        if (o.rejectReason != RejectReason.NONE)
        {
            json.writeStringField("reject_reason", o.rejectReason.describe(o.rejectValue, o.rejectLimit));
            json.writeStringField("reject_layer", o.rejectReason.layer());
        }
        if (o.execType == ExecType.REPLACE_REJECTED)
        {
            if (o.amendPrice == EngineOutput.UNKNOWN)
            {
                json.writeNullField("amend_price");
                json.writeNullField("amend_quantity");
            }
            else
            {
                decimal("amend_price", o.amendPrice);
                decimal("amend_quantity", o.amendQuantity);
            }
        }
        if (o.error != null)
        {
            json.writeStringField("error", EngineOutput.errorText(o.error));
        }
        json.writeEndObject();
    }

    private void decimal(final String name, final long fixed) throws IOException
    {
        json.writeFieldName(name);
        json.writeNumber(new java.math.BigDecimal(FixedPoint.format(fixed)));
    }

    private StringBuilder num(final long fixed)
    {
        return FixedPoint.appendTo(sb, fixed);
    }

    private String account(final int id)
    {
        return id < 0 ? "-" : referenceData.isAccount(id) ? referenceData.account(id).name() : "acct#" + id;
    }

    private String instrument(final int id)
    {
        return id < 0 ? "-" : referenceData.isInstrument(id) ? referenceData.instrument(id).symbol() : "inst#" + id;
    }

    private static void pad(final StringBuilder sb, final String value, final int width, final boolean left)
    {
        if (!left)
        {
            for (int i = value.length(); i < width; i++)
            {
                sb.append(' ');
            }
        }
        sb.append(value);
        if (left)
        {
            for (int i = value.length(); i < width; i++)
            {
                sb.append(' ');
            }
            sb.append(' ');
        }
    }

    void flush() throws IOException
    {
        if (json != null)
        {
            json.flush();
        }
        else
        {
            text.flush();
        }
    }

    @Override
    public void close() throws IOException
    {
        if (json != null)
        {
            json.writeRaw('\n');
            json.flush();
        }
    }
}
