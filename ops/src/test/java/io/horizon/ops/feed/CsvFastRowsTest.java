package io.horizon.ops.feed;

import java.time.Instant;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast reader of plain rows reads them to exactly the values the full parser gives (the
 * expected values here come from {@link Instant#parse} and {@link FixedPoint#parse}), and says no
 * to everything else so the full parser reads it or names what is wrong.
 */
final class CsvFastRowsTest
{
    private final ReferenceData ref = ReferenceData.builder()
        .instrument("AAPL", FixedPoint.parse("0.01"), FixedPoint.parse("190"))
        .instrument("BRK.B", FixedPoint.parse("0.01"), FixedPoint.parse("420"))
        .account("main", 0)
        .build();
    private final CsvFastRows fast = new CsvFastRows(ref);

    private static long nanos(final String iso)
    {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-30T14:30:00Z", "2026-11-30T14:30:00.1Z", "2026-11-30T14:30:00.123Z", "2026-11-30T14:30:00.123456789Z",
        "2028-02-29T23:59:59.999999Z", "1970-01-01T00:00:00Z", "2026-12-31T00:00:00.000001Z"})
    void shouldReadAnIsoInstantToTheSameNanosecondsAsInstantParse(final String iso)
    {
        final CsvMarketDataFile.Row row = new CsvMarketDataFile.Row();
        assertTrue(fast.parse(iso + ",quote,AAPL,189.98,300,190.02,200,,", row));
        assertEquals(nanos(iso), row.timestampNanos);
        assertEquals(iso, row.timestampText());
    }

    @Test
    void shouldKeepTheCachedDateRightWhenTheDayChanges()
    {
        final CsvMarketDataFile.Row row = new CsvMarketDataFile.Row();
        for (final String iso : new String[]{"2026-11-30T23:59:59.9Z", "2026-12-01T00:00:00Z", "2026-11-30T12:00:00Z"})
        {
            assertTrue(fast.parse(iso + ",trade,AAPL,,,,,190.02,100", row));
            assertEquals(nanos(iso), row.timestampNanos, iso);
        }
    }

    @Test
    void shouldReadQuotesTradesEpochNanosAndEveryPlainDecimalForm()
    {
        final CsvMarketDataFile.Row row = new CsvMarketDataFile.Row();
        assertTrue(fast.parse("1795947330123456000,QUOTE,BRK.B,.5,0,5.,12345.123456,,", row));
        assertTrue(row.quote);
        assertEquals(1795947330123456000L, row.timestampNanos);
        assertEquals(1, row.instrumentId);
        assertEquals(FixedPoint.parse(".5"), row.bidPrice);
        assertEquals(0, row.bidQuantity);
        assertEquals(FixedPoint.parse("5."), row.askPrice);
        assertEquals(FixedPoint.parse("12345.123456"), row.askQuantity);

        assertTrue(fast.parse("9223372036854775807,quote,AAPL,1,1,1,1,,", row));
        assertEquals(Long.MAX_VALUE, row.timestampNanos);

        assertTrue(fast.parse("2026-11-30T14:30:00Z,Trade,AAPL,,,,,999999999999.999999,0.000001", row));
        assertFalse(row.quote);
        assertEquals(0, row.instrumentId);
        assertEquals(FixedPoint.parse("999999999999.999999"), row.price);
        assertEquals(1, row.quantity);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Whitespace, signs, other time forms, bad or out-of-range values: the full parser decides.
        " 2026-11-30T14:30:00Z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,189.98 ,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,+189.98,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,-1,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,0,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,1.2345678,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,1234567890123,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,1e3,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,.,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,1.2.3,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,AAPL,189.98,300,190.02,200,190,",
        "2026-11-30T14:30:00Z,quote,AAPL,189.98,300,190.02,200,,,",
        "2026-11-30T14:30:00Z,quote,AAPL,189.98,300,190.02,200,",
        "2026-11-30T14:30:00Z,trade,AAPL,1,,,,190.02,100",
        "2026-11-30T14:30:00Z,trade,AAPL,,,,,190.02,",
        "2026-11-30T14:30:00Z,quotes,AAPL,189.98,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,MSFT,189.98,300,190.02,200,,",
        "2026-11-30T14:30:00Z,quote,,189.98,300,190.02,200,,",
        "2026-11-30T14:30:00+01:00,quote,AAPL,189.98,300,190.02,200,,",
        "2026-11-30t14:30:00z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-11-30T14:30:00.Z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-11-30T14:30:00.1234567890Z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-11-30T24:00:00Z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-11-30T23:59:60Z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-02-29T10:00:00Z,quote,AAPL,189.98,300,190.02,200,,",
        "2026-13-01T10:00:00Z,quote,AAPL,189.98,300,190.02,200,,",
        "1969-12-31T23:59:59Z,quote,AAPL,189.98,300,190.02,200,,",
        "+12026-11-30T14:30:00Z,quote,AAPL,189.98,300,190.02,200,,",
        "9223372036854775808,quote,AAPL,189.98,300,190.02,200,,",
        "-5,quote,AAPL,189.98,300,190.02,200,,",
        "abc,quote,AAPL,189.98,300,190.02,200,,",
        ",quote,AAPL,189.98,300,190.02,200,,"})
    void shouldLeaveEveryRowThatIsNotPlainToTheFullParser(final String line)
    {
        assertFalse(fast.parse(line, new CsvMarketDataFile.Row()), line);
    }
}
