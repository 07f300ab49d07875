package io.horizon.engine.event;

/**
 * One slot of the inbound ring: a preallocated, mutable event that producers overwrite in place.
 * <p>
 * Every kind of input shares this flat layout so that a slot never allocates and the journal can
 * copy it with a fixed encoder. Which fields mean something depends on {@link #type}; the
 * {@code set*} methods clear the slot first so no field leaks from the previous use.
 * Prices and quantities are {@link FixedPoint} longs. Ids are ints (instruments, accounts) or
 * longs (orders); a client order id is a 128-bit ULID held as two longs.
 * <p>
 * Threading: a producer writes a slot between claiming and publishing its sequence; after that
 * the slot is read-only for every stage until the ring wraps. Not thread-safe otherwise.
 */
public final class InboundEvent
{
    /** Largest text (reasons, venue error messages) a slot holds, in UTF-8 bytes. Longer text is cut. */
    public static final int MAX_TEXT_BYTES = 1024;

    /** Which kind of event this slot holds. */
    public EventType type = EventType.NONE;
    /** When the producer stamped the event, in nanoseconds since the epoch. The BLP's only clock. */
    public long timestampNanos;
    /** Who produced it: a feed id for market data, a venue id for responses, 0 otherwise. */
    public int source;
    /** Instrument id from the reference data, or -1. */
    public int instrumentId = -1;
    /** Account id from the reference data, or -1. */
    public int accountId = -1;

    /** Quote: best bid price. */
    public long bidPrice;
    /** Quote: size at the best bid. */
    public long bidQuantity;
    /** Quote: best ask price. */
    public long askPrice;
    /** Quote: size at the best ask. */
    public long askQuantity;
    /** The feed's own sequence number for market data, used for gap detection. */
    public long feedSequence;

    /** Trade price; order limit price; fill price; amended price. */
    public long price;
    /** Trade size; order quantity; fill quantity; amended total quantity. */
    public long quantity;
    /** Order side, or the aggressor side of a trade when known. */
    public Side side;
    /** Order type for a new order. */
    public OrderType orderType;
    /** Client order id (high 64 bits of the ULID). */
    public long clientOrderIdHi;
    /** Client order id (low 64 bits of the ULID). */
    public long clientOrderIdLo;
    /** For cancel and amend: the client order id being changed (high bits). */
    public long origClientOrderIdHi;
    /** For cancel and amend: the client order id being changed (low bits). */
    public long origClientOrderIdLo;

    /** Venue responses: Horizon's internal order id the response is about. */
    public long orderId;
    /** Venue responses: the venue's id for the order. */
    public long venueOrderId;
    /** Venue responses: quantity still open after this response. */
    public long leavesQuantity;
    /** Venue rejects: why. */
    public RejectReason rejectReason = RejectReason.NONE;
    /** Venue rejects: the value named by the reason. */
    public long rejectValue;

    /** Control: what is asked. */
    public ControlAction controlAction = ControlAction.NONE;
    /** Control: a numeric argument, for example a new limit. */
    public long controlValue;

    private final byte[] text = new byte[MAX_TEXT_BYTES];
    private int textLength;

    /**
     * Resets every field so the slot can be reused for any kind.
     *
     * @return this.
     */
    public InboundEvent clear()
    {
        type = EventType.NONE;
        timestampNanos = 0;
        source = 0;
        instrumentId = -1;
        accountId = -1;
        bidPrice = 0;
        bidQuantity = 0;
        askPrice = 0;
        askQuantity = 0;
        feedSequence = 0;
        price = 0;
        quantity = 0;
        side = null;
        orderType = null;
        clientOrderIdHi = 0;
        clientOrderIdLo = 0;
        origClientOrderIdHi = 0;
        origClientOrderIdLo = 0;
        orderId = 0;
        venueOrderId = 0;
        leavesQuantity = 0;
        rejectReason = RejectReason.NONE;
        rejectValue = 0;
        controlAction = ControlAction.NONE;
        controlValue = 0;
        textLength = 0;
        return this;
    }

    /**
     * Fills the slot with a top-of-book quote.
     *
     * @return this.
     */
    public InboundEvent setQuote(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        clear();
        this.type = EventType.QUOTE;
        this.timestampNanos = timestampNanos;
        this.source = feedId;
        this.feedSequence = feedSequence;
        this.instrumentId = instrumentId;
        this.bidPrice = bidPrice;
        this.bidQuantity = bidQuantity;
        this.askPrice = askPrice;
        this.askQuantity = askQuantity;
        return this;
    }

    /**
     * Fills the slot with a trade print.
     *
     * @param aggressor the aggressor side, or {@code null} when the feed does not say.
     * @return this.
     */
    public InboundEvent setTrade(
        final long timestampNanos,
        final int feedId,
        final long feedSequence,
        final int instrumentId,
        final long price,
        final long quantity,
        final Side aggressor)
    {
        clear();
        this.type = EventType.TRADE;
        this.timestampNanos = timestampNanos;
        this.source = feedId;
        this.feedSequence = feedSequence;
        this.instrumentId = instrumentId;
        this.price = price;
        this.quantity = quantity;
        this.side = aggressor;
        return this;
    }

    /**
     * Fills the slot with a new order from outside the BLP.
     *
     * @return this.
     */
    public InboundEvent setNewOrder(
        final long timestampNanos,
        final int accountId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final long clientOrderIdHi,
        final long clientOrderIdLo)
    {
        clear();
        this.type = EventType.NEW_ORDER;
        this.timestampNanos = timestampNanos;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.orderType = orderType;
        this.price = price;
        this.quantity = quantity;
        this.clientOrderIdHi = clientOrderIdHi;
        this.clientOrderIdLo = clientOrderIdLo;
        return this;
    }

    /**
     * Fills the slot with a cancel request for the order whose client order id is given.
     *
     * @return this.
     */
    public InboundEvent setCancel(
        final long timestampNanos,
        final int accountId,
        final long origClientOrderIdHi,
        final long origClientOrderIdLo)
    {
        clear();
        this.type = EventType.CANCEL_ORDER;
        this.timestampNanos = timestampNanos;
        this.accountId = accountId;
        this.origClientOrderIdHi = origClientOrderIdHi;
        this.origClientOrderIdLo = origClientOrderIdLo;
        return this;
    }

    /**
     * Fills the slot with an amend: new price and new total quantity for the order whose client
     * order id is {@code orig*}; the amended order takes the new client order id.
     *
     * @return this.
     */
    public InboundEvent setAmend(
        final long timestampNanos,
        final int accountId,
        final long origClientOrderIdHi,
        final long origClientOrderIdLo,
        final long newClientOrderIdHi,
        final long newClientOrderIdLo,
        final long newPrice,
        final long newQuantity)
    {
        clear();
        this.type = EventType.AMEND_ORDER;
        this.timestampNanos = timestampNanos;
        this.accountId = accountId;
        this.origClientOrderIdHi = origClientOrderIdHi;
        this.origClientOrderIdLo = origClientOrderIdLo;
        this.clientOrderIdHi = newClientOrderIdHi;
        this.clientOrderIdLo = newClientOrderIdLo;
        this.price = newPrice;
        this.quantity = newQuantity;
        return this;
    }

    /**
     * Fills the slot with a venue response. Fields beyond these (price, quantity, reason, text)
     * are set by the caller as the response type requires.
     *
     * @return this.
     */
    public InboundEvent setVenueResponse(
        final EventType type,
        final long timestampNanos,
        final int venueId,
        final long orderId,
        final int accountId,
        final int instrumentId)
    {
        clear();
        this.type = type;
        this.timestampNanos = timestampNanos;
        this.source = venueId;
        this.orderId = orderId;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        return this;
    }

    /**
     * Fills the slot with a timer heartbeat.
     *
     * @return this.
     */
    public InboundEvent setHeartbeat(final long timestampNanos)
    {
        clear();
        this.type = EventType.HEARTBEAT;
        this.timestampNanos = timestampNanos;
        return this;
    }

    /**
     * Fills the slot with an operator control command.
     *
     * @param reason the operator's reason or the limit's name; cut to {@link #MAX_TEXT_BYTES}.
     * @return this.
     */
    public InboundEvent setControl(
        final long timestampNanos,
        final ControlAction action,
        final long value,
        final CharSequence reason)
    {
        clear();
        this.type = EventType.CONTROL;
        this.timestampNanos = timestampNanos;
        this.controlAction = action;
        this.controlValue = value;
        setText(reason);
        return this;
    }

    /**
     * Stores text as UTF-8 in the slot's own buffer, cut at {@link #MAX_TEXT_BYTES} on a
     * character boundary. Allocation-free.
     *
     * @param value the text, or {@code null} for none.
     * @return this.
     */
    public InboundEvent setText(final CharSequence value)
    {
        textLength = 0;
        if (value == null)
        {
            return this;
        }
        int pos = 0;
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            int cp = value.charAt(i);
            if (Character.isHighSurrogate((char)cp) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                cp = Character.toCodePoint((char)cp, value.charAt(i + 1));
                i++;
            }
            else if (Character.isSurrogate((char)cp))
            {
                cp = '?';
            }
            final int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (pos + bytes > MAX_TEXT_BYTES)
            {
                break;
            }
            if (bytes == 1)
            {
                text[pos++] = (byte)cp;
            }
            else if (bytes == 2)
            {
                text[pos++] = (byte)(0xC0 | (cp >> 6));
                text[pos++] = (byte)(0x80 | (cp & 0x3F));
            }
            else if (bytes == 3)
            {
                text[pos++] = (byte)(0xE0 | (cp >> 12));
                text[pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                text[pos++] = (byte)(0x80 | (cp & 0x3F));
            }
            else
            {
                text[pos++] = (byte)(0xF0 | (cp >> 18));
                text[pos++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                text[pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                text[pos++] = (byte)(0x80 | (cp & 0x3F));
            }
        }
        textLength = pos;
        return this;
    }

    /**
     * Stores raw UTF-8 bytes, cut at {@link #MAX_TEXT_BYTES}. For decoders.
     *
     * @return this.
     */
    public InboundEvent setTextBytes(final byte[] src, final int offset, final int length)
    {
        textLength = Math.min(length, MAX_TEXT_BYTES);
        System.arraycopy(src, offset, text, 0, textLength);
        return this;
    }

    /**
     * @return number of UTF-8 bytes of text held.
     */
    public int textLength()
    {
        return textLength;
    }

    /**
     * @return the slot's text buffer; only the first {@link #textLength()} bytes are meaningful.
     */
    public byte[] textBytes()
    {
        return text;
    }

    /**
     * Decodes the text. Allocates; edges and cold paths only.
     *
     * @return the text, empty when none.
     */
    public String text()
    {
        return textLength == 0 ? "" : new String(text, 0, textLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * @return true when the text holds at least one character that is not whitespace.
     */
    public boolean hasNonBlankText()
    {
        for (int i = 0; i < textLength; i++)
        {
            if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies every field of another slot into this one, text included. Allocation-free.
     *
     * @param other the source.
     * @return this.
     */
    public InboundEvent copyFrom(final InboundEvent other)
    {
        type = other.type;
        timestampNanos = other.timestampNanos;
        source = other.source;
        instrumentId = other.instrumentId;
        accountId = other.accountId;
        bidPrice = other.bidPrice;
        bidQuantity = other.bidQuantity;
        askPrice = other.askPrice;
        askQuantity = other.askQuantity;
        feedSequence = other.feedSequence;
        price = other.price;
        quantity = other.quantity;
        side = other.side;
        orderType = other.orderType;
        clientOrderIdHi = other.clientOrderIdHi;
        clientOrderIdLo = other.clientOrderIdLo;
        origClientOrderIdHi = other.origClientOrderIdHi;
        origClientOrderIdLo = other.origClientOrderIdLo;
        orderId = other.orderId;
        venueOrderId = other.venueOrderId;
        leavesQuantity = other.leavesQuantity;
        rejectReason = other.rejectReason;
        rejectValue = other.rejectValue;
        controlAction = other.controlAction;
        controlValue = other.controlValue;
        textLength = other.textLength;
        System.arraycopy(other.text, 0, text, 0, textLength);
        return this;
    }

    @Override
    public String toString()
    {
        return "InboundEvent{type=" + type +
            ", ts=" + timestampNanos +
            ", source=" + source +
            ", instrument=" + instrumentId +
            ", account=" + accountId +
            ", bid=" + FixedPoint.format(bidPrice) + "x" + FixedPoint.format(bidQuantity) +
            ", ask=" + FixedPoint.format(askPrice) + "x" + FixedPoint.format(askQuantity) +
            ", price=" + FixedPoint.format(price) +
            ", qty=" + FixedPoint.format(quantity) +
            ", side=" + side +
            ", orderType=" + orderType +
            ", orderId=" + orderId +
            ", leaves=" + FixedPoint.format(leavesQuantity) +
            ", reject=" + rejectReason +
            ", control=" + controlAction +
            ", text='" + text() + "'}";
    }
}
