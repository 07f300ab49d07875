package io.horizon.engine.journal;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderState;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.sbe.InboundEventRecordDecoder;
import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.output.Runbook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journal layout 2 (SBE): every field of every event type and output survives a round trip,
 * hostile records are refused with the reason named, and encoding allocates nothing.
 */
final class JournalCodecTest
{
    private final JournalCodec codec = new JournalCodec();
    private final SplittableRandom random = new SplittableRandom(7);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldRoundTripEveryFieldOfEveryInboundEventType(final EventType type)
    {
        final InboundEvent event = randomEvent(type);

        final UnsafeBuffer record = encodeInbound(event, 12_345L);
        final InboundEvent decoded = new InboundEvent();

        assertNull(codec.validate(record, record.capacity()));
        assertEquals(JournalCodec.KIND_INBOUND, JournalCodec.kind(record));
        assertEquals(JournalCodec.LAYOUT_VERSION, JournalCodec.layout(record));
        assertEquals(12_345L, JournalCodec.inboundSequence(record));
        assertTrue(codec.decodeInbound(record, decoded));
        assertInboundEquals(event, decoded);
    }

    @Test
    void shouldFindEveryInboundFieldInEverySchemaVersionSinceTheCodecReadsThemAtTheirOffsets() throws Exception
    {
        // decodeInbound reads at the generated offsets without the flyweight's sinceVersion rules.
        int fields = 0;
        for (final java.lang.reflect.Method m : InboundEventRecordDecoder.class.getMethods())
        {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getName().endsWith("SinceVersion"))
            {
                fields++;
                assertEquals(0, (int)m.invoke(null), m.getName() + ": a field added after schema version 0 must be read " +
                    "in JournalCodec.decodeInbound with the version check the generated decoder makes");
            }
        }
        assertTrue(fields >= 25, "fields found: " + fields);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldDecodeAnInboundRecordOfALaterSchemaWithALongerBlockAsItsKnownFieldsAndText(final EventType type)
    {
        final InboundEvent event = randomEvent(type);
        final UnsafeBuffer record = encodeInbound(event, 77);
        // A later minor version appends a field to the block: the text moves, the known fields do not.
        final int block = record.getShort(4) & 0xFFFF;
        final int end = JournalCodec.BODY_OFFSET + block;
        final byte[] longer = new byte[record.capacity() + 8];
        record.getBytes(0, longer, 0, end);
        java.util.Arrays.fill(longer, end, end + 8, (byte)0x5A);
        record.getBytes(end, longer, end + 8, record.capacity() - end);
        final UnsafeBuffer later = new UnsafeBuffer(longer);
        later.putShort(4, (short)(block + 8));
        reseal(later);
        final InboundEvent decoded = new InboundEvent();

        assertNull(codec.validate(later, later.capacity()));
        assertTrue(codec.decodeInbound(later, decoded));
        assertInboundEquals(event, decoded);
    }

    @Test
    void shouldKeepAbsentSideAndOrderTypeAbsent()
    {
        final InboundEvent event = new InboundEvent().setHeartbeat(99);

        final UnsafeBuffer record = encodeInbound(event, 0);
        final InboundEvent decoded = new InboundEvent().setQuote(1, 1, 1, 1, 1, 1, 1, 1);
        decoded.side = Side.SELL;

        assertTrue(codec.decodeInbound(record, decoded));
        assertNull(decoded.side);
        assertNull(decoded.orderType);
        assertEquals(EventType.HEARTBEAT, decoded.type);
        assertEquals(0, decoded.textLength());
    }

    @ParameterizedTest
    @EnumSource(OutputKind.class)
    void shouldRoundTripEveryFieldOfEveryOutputKind(final OutputKind kind)
    {
        final EngineOutput out = randomOutput(kind);

        final UnsafeBuffer record = encodeOutput(out);
        final EngineOutput decoded = new EngineOutput();

        assertNull(codec.validate(record, record.capacity()));
        assertEquals(JournalCodec.KIND_OUTPUT, JournalCodec.kind(record));
        assertTrue(codec.decodeOutput(record, decoded));
        assertTrue(out.sameAs(decoded), () -> out + " <> " + decoded);
        assertEquals(out.causeType, decoded.causeType);
        assertEquals(out.runbook, decoded.runbook);
        assertEquals(out.alertKind, decoded.alertKind);
        assertEquals(out.amendPrice, decoded.amendPrice, "sameAs passes an unknown amend; the codec must not lose it");
        assertEquals(out.amendQuantity, decoded.amendQuantity);
    }

    @Test
    void shouldReadARefusedAmendJournaledUnderSchemaVersion1AsAskedPriceUnknown()
    {
        final EngineOutput out = randomOutput(OutputKind.EXECUTION_REPORT);
        out.execType = ExecType.REPLACE_REJECTED;
        out.amendPrice = 18_950_000_000L;
        out.amendQuantity = 20_000_000L;
        final UnsafeBuffer record = asSchemaVersion1(encodeOutput(out));
        final EngineOutput decoded = new EngineOutput();

        assertNull(codec.validate(record, record.capacity()));
        assertTrue(codec.decodeOutput(record, decoded));

        assertEquals(EngineOutput.UNKNOWN, decoded.amendPrice, "a version 1 record did not keep what the amend asked for");
        assertEquals(EngineOutput.UNKNOWN, decoded.amendQuantity);
        assertEquals(out.price, decoded.price, "every version 1 field reads as it was");
        assertEquals(out.runbook, decoded.runbook);
        assertTrue(out.sameAs(decoded), "an old record still verifies against a re-run that knows the amend");
    }

    @Test
    void shouldKeepAnEngineErrorsTextAndAMissingCauseType()
    {
        final EngineOutput out = randomOutput(OutputKind.ENGINE_ERROR);
        out.causeType = null;
        out.execType = null;
        out.state = null;
        out.alertKind = null;
        out.error = new IllegalStateException("book crossed at 101.5 \u2013 handler gave up");

        final EngineOutput decoded = new EngineOutput();
        assertTrue(codec.decodeOutput(encodeOutput(out), decoded));

        assertNull(decoded.causeType);
        assertNull(decoded.execType);
        assertNull(decoded.state);
        assertNull(decoded.alertKind);
        assertNotNull(decoded.error);
        assertEquals(EngineOutput.errorText(out.error), EngineOutput.errorText(decoded.error));
    }

    @Test
    void shouldWriteTheFrameAndTheSbeHeaderOfTheSchema()
    {
        final UnsafeBuffer record = encodeInbound(randomEvent(EventType.NEW_ORDER), 3);

        assertEquals(0x48, record.getByte(0));
        assertEquals(2, record.getByte(1));
        assertEquals(InboundEventRecordDecoder.BLOCK_LENGTH, record.getShort(4) & 0xFFFF);
        assertEquals(1, record.getShort(6));
        assertEquals(7201, record.getShort(8));
        assertEquals(JournalCodec.SCHEMA_VERSION, record.getShort(10));
    }

    @Test
    void shouldRefuseARecordOfANewerSchemaVersionNamingBothVersions()
    {
        final UnsafeBuffer record = encodeInbound(randomEvent(EventType.QUOTE), 1);
        record.putShort(10, (short)(JournalCodec.SCHEMA_VERSION + 1));
        reseal(record);

        final String problem = codec.validate(record, record.capacity());

        assertNotNull(problem);
        assertTrue(problem.contains("schema version " + (JournalCodec.SCHEMA_VERSION + 1)), problem);
        assertTrue(problem.contains("reads versions up to " + JournalCodec.SCHEMA_VERSION), problem);
    }

    @Test
    void shouldRefuseARecordOfANewerLayoutNamingBothVersions()
    {
        final UnsafeBuffer record = encodeInbound(randomEvent(EventType.QUOTE), 1);
        record.putByte(1, (byte)3);
        reseal(record);

        final String problem = codec.validate(record, record.capacity());

        assertNotNull(problem);
        assertTrue(problem.contains("layout version 3; this Horizon reads layouts 1 to 2"), problem);
        assertTrue(problem.contains("newer release"), problem);
    }

    @Test
    void shouldRefuseAForeignSchemaAFlippedByteAndALyingLength()
    {
        final UnsafeBuffer foreign = encodeInbound(randomEvent(EventType.TRADE), 1);
        foreign.putShort(8, (short)1);
        reseal(foreign);
        assertTrue(codec.validate(foreign, foreign.capacity()).contains("schema id 1"));

        final UnsafeBuffer flipped = encodeInbound(randomEvent(EventType.TRADE), 1);
        flipped.putByte(40, (byte)(flipped.getByte(40) ^ 0x10));
        assertTrue(codec.validate(flipped, flipped.capacity()).contains("checksum does not match"));

        final UnsafeBuffer lying = encodeInbound(randomEvent(EventType.CONTROL), 1);
        final int textAt = JournalCodec.BODY_OFFSET + InboundEventRecordDecoder.BLOCK_LENGTH;
        lying.putShort(textAt, (short)(lying.getShort(textAt) + 1));
        reseal(lying);
        assertTrue(codec.validate(lying, lying.capacity()).contains("does not match its fields"));

        final UnsafeBuffer shortBlock = encodeInbound(randomEvent(EventType.CONTROL), 1);
        shortBlock.putShort(4, (short)8);
        reseal(shortBlock);
        assertTrue(codec.validate(shortBlock, shortBlock.capacity()).contains("block length 8"));

        // One byte short of what its schema version requires: the last field would be read from the text.
        final UnsafeBuffer oneShort = shortenBlockByOne(encodeInbound(randomEvent(EventType.CONTROL), 1));
        assertTrue(codec.validate(oneShort, oneShort.capacity()).contains("block length " + (InboundEventRecordDecoder.BLOCK_LENGTH - 1)),
            codec.validate(oneShort, oneShort.capacity()));
    }

    @Test
    void shouldRefuseToDecodeAnEnumValueTheSchemaDoesNotDefine()
    {
        final UnsafeBuffer record = encodeInbound(randomEvent(EventType.NEW_ORDER), 1);
        record.putByte(JournalCodec.BODY_OFFSET + InboundEventRecordDecoder.eventTypeEncodingOffset(), (byte)63);
        reseal(record);

        assertNull(codec.validate(record, record.capacity()));
        assertFalse(codec.decodeInbound(record, new InboundEvent()));
    }

    @Test
    void shouldRefuseOrDecodeButNeverFailOnHostileBytes()
    {
        final InboundEvent event = new InboundEvent();
        final EngineOutput out = new EngineOutput();
        int refused = 0;
        int decoded = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final boolean inbound = random.nextBoolean();
            final UnsafeBuffer record;
            if (inbound)
            {
                record = encodeInbound(randomEvent(EventType.values()[random.nextInt(EventType.values().length)]), i);
            }
            else
            {
                final EngineOutput o = randomOutput(OutputKind.values()[random.nextInt(OutputKind.values().length)]);
                o.error = random.nextBoolean() ? new IllegalStateException("x".repeat(random.nextInt(2000))) : null;
                record = encodeOutput(o);
            }
            final int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++)
            {
                // Mostly the frame, header and enum bytes, where a lie is most dangerous.
                final int at = random.nextBoolean() ? random.nextInt(Math.min(record.capacity(), 200)) : random.nextInt(record.capacity());
                record.putByte(at, (byte)random.nextInt(256));
            }
            if (random.nextInt(4) != 0)
            {
                reseal(record);
            }
            final int length = random.nextInt(8) == 0 ? random.nextInt(record.capacity() + 1) : record.capacity();

            final String problem = codec.validate(record, length);
            if (problem != null)
            {
                refused++;
                continue;
            }
            final boolean ok = JournalCodec.kind(record) == JournalCodec.KIND_INBOUND ?
                codec.decodeInbound(record, event) : codec.decodeOutput(record, out);
            decoded += ok ? 1 : 0;
        }

        // Both paths ran many times: a flip in a value field decodes (as a different value), one in
        // the frame, header, lengths or an enum is refused; none of them may throw.
        assertTrue(refused > 1_000, "refused " + refused);
        assertTrue(decoded > 1_000, "decoded " + decoded);
    }

    @Test
    void shouldNotAllocateWhileEncodingOrDecodingInboundEventsOrOutputs()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final InboundEvent[] events = new InboundEvent[EventType.values().length];
        for (int i = 0; i < events.length; i++)
        {
            events[i] = randomEvent(EventType.values()[i]);
        }
        final EngineOutput out = randomOutput(OutputKind.EXECUTION_REPORT);
        final InboundEvent decoded = new InboundEvent();
        final EngineOutput decodedOut = new EngineOutput();
        final UnsafeBuffer scratch = codec.scratch();
        long sink = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sink += roundTrip(events[i % events.length], i, out, decoded, decodedOut, scratch);
        }

        // The JVM itself allocates now and then on this thread (JIT, class loading), so a round
        // is repeated until one is clean; allocation by the codec would show in every round.
        final long threadId = Thread.currentThread().getId();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < 10 && fewestBytes > 0; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 2_000; i++)
            {
                sink += roundTrip(events[i % events.length], i, out, decoded, decodedOut, scratch);
            }
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }

        assertEquals(0, fewestBytes, "fewest bytes allocated in a round of 2,000 encodes and decodes");
        assertTrue(sink > 0);
    }

    private long roundTrip(
        final InboundEvent event,
        final long sequence,
        final EngineOutput out,
        final InboundEvent decoded,
        final EngineOutput decodedOut,
        final UnsafeBuffer scratch)
    {
        final int length = codec.encodeInbound(event, sequence);
        if (codec.validate(scratch, length) != null || !codec.decodeInbound(scratch, decoded))
        {
            throw new AssertionError("inbound record did not round-trip");
        }
        final int outLength = codec.encodeOutput(out);
        if (codec.validate(scratch, outLength) != null || !codec.decodeOutput(scratch, decodedOut))
        {
            throw new AssertionError("output record did not round-trip");
        }
        // Uses what was decoded, so the JIT cannot drop the decoding; stays positive (no overflow).
        return length + outLength + (decoded.price & 1) + (decodedOut.orderId & 1);
    }

    private UnsafeBuffer encodeInbound(final InboundEvent event, final long sequence)
    {
        final int length = codec.encodeInbound(event, sequence);
        final byte[] copy = new byte[length];
        codec.scratch().getBytes(0, copy);
        return new UnsafeBuffer(copy);
    }

    private UnsafeBuffer encodeOutput(final EngineOutput out)
    {
        final int length = codec.encodeOutput(out);
        final byte[] copy = new byte[length];
        codec.scratch().getBytes(0, copy);
        return new UnsafeBuffer(copy);
    }

    /** The same record with its block one byte shorter (the last fixed byte cut), lengths and checksum right. */
    private static UnsafeBuffer shortenBlockByOne(final UnsafeBuffer record)
    {
        final int block = record.getShort(4) & 0xFFFF;
        final int cut = JournalCodec.BODY_OFFSET + block - 1;
        final byte[] shorter = new byte[record.capacity() - 1];
        record.getBytes(0, shorter, 0, cut);
        record.getBytes(cut + 1, shorter, cut, record.capacity() - cut - 1);
        final UnsafeBuffer result = new UnsafeBuffer(shorter);
        result.putShort(4, (short)(block - 1));
        reseal(result);
        return result;
    }

    /** An output record as schema version 1 wrote it: without the two int64 fields version 2 added. */
    private static UnsafeBuffer asSchemaVersion1(final UnsafeBuffer record)
    {
        final int block = record.getShort(4) & 0xFFFF;
        final int end = JournalCodec.BODY_OFFSET + block;
        final byte[] old = new byte[record.capacity() - 16];
        record.getBytes(0, old, 0, end - 16);
        record.getBytes(end, old, end - 16, record.capacity() - end);
        final UnsafeBuffer v1 = new UnsafeBuffer(old);
        v1.putShort(4, (short)(block - 16));
        v1.putShort(10, (short)1);
        reseal(v1);
        return v1;
    }

    private static void reseal(final UnsafeBuffer record)
    {
        final CRC32C crc = new CRC32C();
        crc.update(record.byteArray(), 0, record.capacity() - 4);
        record.putInt(record.capacity() - 4, (int)crc.getValue());
    }

    private InboundEvent randomEvent(final EventType type)
    {
        final InboundEvent e = new InboundEvent();
        e.type = type;
        e.timestampNanos = random.nextLong();
        e.source = random.nextInt();
        e.instrumentId = random.nextInt();
        e.accountId = random.nextInt();
        e.bidPrice = random.nextLong();
        e.bidQuantity = random.nextLong();
        e.askPrice = random.nextLong();
        e.askQuantity = random.nextLong();
        e.feedSequence = random.nextLong();
        e.price = random.nextLong();
        e.quantity = random.nextLong();
        e.side = random.nextBoolean() ? Side.BUY : Side.SELL;
        e.orderType = random.nextBoolean() ? OrderType.LIMIT : OrderType.MARKET;
        e.clientOrderIdHi = random.nextLong();
        e.clientOrderIdLo = random.nextLong();
        e.origClientOrderIdHi = random.nextLong();
        e.origClientOrderIdLo = random.nextLong();
        e.orderId = random.nextLong();
        e.venueOrderId = random.nextLong();
        e.leavesQuantity = random.nextLong();
        e.rejectReason = RejectReason.values()[random.nextInt(RejectReason.values().length)];
        e.rejectValue = random.nextLong();
        e.controlAction = ControlAction.values()[random.nextInt(ControlAction.values().length)];
        e.controlValue = random.nextLong();
        e.setText(type == EventType.CONTROL ? "user:ops: drawdown \u00e9\u20ac \uD83D\uDE80 " + "x".repeat(1100) : "venue said no");
        return e;
    }

    private EngineOutput randomOutput(final OutputKind kind)
    {
        final EngineOutput o = new EngineOutput();
        o.kind = kind;
        o.causeSequence = random.nextLong();
        o.causeType = EventType.values()[1 + random.nextInt(EventType.values().length - 1)];
        o.timestampNanos = random.nextLong();
        o.execType = ExecType.values()[random.nextInt(ExecType.values().length)];
        o.state = OrderState.values()[random.nextInt(OrderState.values().length)];
        o.orderId = random.nextLong();
        o.clientOrderIdHi = random.nextLong();
        o.clientOrderIdLo = random.nextLong();
        o.origClientOrderIdHi = random.nextLong();
        o.origClientOrderIdLo = random.nextLong();
        o.accountId = random.nextInt();
        o.instrumentId = random.nextInt();
        o.strategyId = random.nextInt();
        o.side = Side.SELL;
        o.orderType = OrderType.MARKET;
        o.price = random.nextLong();
        o.quantity = random.nextLong();
        o.cumulativeQuantity = random.nextLong();
        o.leavesQuantity = random.nextLong();
        o.lastPrice = random.nextLong();
        o.lastQuantity = random.nextLong();
        o.rejectReason = RejectReason.values()[random.nextInt(RejectReason.values().length)];
        o.rejectValue = random.nextLong();
        o.rejectLimit = random.nextLong();
        o.alertKind = AlertKind.values()[random.nextInt(AlertKind.values().length)];
        o.alertCode = random.nextInt();
        o.alertDetail = random.nextInt();
        o.alertValue = random.nextLong();
        o.alertLimit = random.nextLong();
        o.runbook = Runbook.values()[random.nextInt(Runbook.values().length)];
        o.amendPrice = random.nextLong();
        o.amendQuantity = random.nextLong();
        return o;
    }

    private static void assertInboundEquals(final InboundEvent expected, final InboundEvent actual)
    {
        assertEquals(expected.type, actual.type);
        assertEquals(expected.timestampNanos, actual.timestampNanos);
        assertEquals(expected.source, actual.source);
        assertEquals(expected.instrumentId, actual.instrumentId);
        assertEquals(expected.accountId, actual.accountId);
        assertEquals(expected.bidPrice, actual.bidPrice);
        assertEquals(expected.bidQuantity, actual.bidQuantity);
        assertEquals(expected.askPrice, actual.askPrice);
        assertEquals(expected.askQuantity, actual.askQuantity);
        assertEquals(expected.feedSequence, actual.feedSequence);
        assertEquals(expected.price, actual.price);
        assertEquals(expected.quantity, actual.quantity);
        assertEquals(expected.side, actual.side);
        assertEquals(expected.orderType, actual.orderType);
        assertEquals(expected.clientOrderIdHi, actual.clientOrderIdHi);
        assertEquals(expected.clientOrderIdLo, actual.clientOrderIdLo);
        assertEquals(expected.origClientOrderIdHi, actual.origClientOrderIdHi);
        assertEquals(expected.origClientOrderIdLo, actual.origClientOrderIdLo);
        assertEquals(expected.orderId, actual.orderId);
        assertEquals(expected.venueOrderId, actual.venueOrderId);
        assertEquals(expected.leavesQuantity, actual.leavesQuantity);
        assertEquals(expected.rejectReason, actual.rejectReason);
        assertEquals(expected.rejectValue, actual.rejectValue);
        assertEquals(expected.controlAction, actual.controlAction);
        assertEquals(expected.controlValue, actual.controlValue);
        assertEquals(expected.text(), actual.text());
        assertEquals(expected.textLength(), actual.textLength());
    }
}
