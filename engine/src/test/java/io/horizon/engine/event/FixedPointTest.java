package io.horizon.engine.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FixedPointTest
{
    @ParameterizedTest
    @CsvSource({
        "101250000, 101.25",
        "-500000, -0.5",
        "0, 0",
        "1, 0.000001",
        "-1, -0.000001",
        "1000000, 1",
        "-3000000, -3",
        "100000, 0.1",
        "1010000, 1.01",
        "123456789, 123.456789",
        "9223372036854775807, 9223372036854.775807",
        "-9223372036854775808, -9223372036854.775808",
    })
    void shouldFormatTrimmingTrailingZeros(final long fixed, final String text)
    {
        assertEquals(text, FixedPoint.format(fixed));
    }

    @Test
    void shouldAppendToWhatIsAlreadyInTheBuilder()
    {
        assertEquals("px=101.25", FixedPoint.appendTo(new StringBuilder("px="), 101_250_000L).toString());
    }

    @ParameterizedTest
    @CsvSource({
        "101.25, 101250000",
        "-3, -3000000",
        "+7.5, 7500000",
        "0.000001, 1",
        "' 2.5 ', 2500000",
        ".5, 500000",
        "9007199254.740993, 9007199254740993",
    })
    void shouldParseDecimalText(final String text, final long fixed)
    {
        assertEquals(fixed, FixedPoint.parse(text));
    }

    @Test
    void shouldRoundTripFormatThenParseForValuesWithinDoublePrecision()
    {
        // Parsing is exact decimal arithmetic, so every representable value round-trips.
        final SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 100_000; i++)
        {
            final long fixed = random.nextLong(-9_000_000_000_000_000_000L, 9_000_000_000_000_000_000L);

            assertEquals(fixed, FixedPoint.parse(FixedPoint.format(fixed)), () -> Long.toString(fixed));
        }
    }

    @Test
    void shouldRoundTripParseThenFormat()
    {
        for (final String text : new String[]{"101.25", "-0.5", "0", "0.000001", "42", "-99999.999999"})
        {
            assertEquals(text, FixedPoint.format(FixedPoint.parse(text)));
        }
    }

    @Test
    void shouldRejectTextThatIsNotANumberAndNameIt()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FixedPoint.parse("abc"));

        assertEquals("not a number: 'abc' (use plain decimals such as 101.25)", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2", "0x1p3", "1.5d", "1.5f", "", "-", ".", "1.2.3"})
    void shouldRejectAnythingButPlainDecimals(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FixedPoint.parse(text));

        assertTrue(ex.getMessage().startsWith("not a number: '" + text + "'"), ex.getMessage());
    }

    @Test
    void shouldRejectMoreThanSixDecimalPlaces()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> FixedPoint.parse("0.0000005"));

        assertEquals("'0.0000005' has more than 6 decimal places; Horizon holds prices and quantities to 6", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void shouldRejectNonFiniteTextAndNameIt(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FixedPoint.parse(text));

        assertEquals("not a finite number: '" + text + "'", ex.getMessage());
    }

    @Test
    void shouldRejectTextOutOfRange()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> FixedPoint.parse("10000000000000"));

        assertEquals("'10000000000000' is out of range for fixed point (at most about 9.2e12)", ex.getMessage());
    }

    @Test
    void shouldConvertWholeUnitsAndRefuseOverflow()
    {
        assertEquals(5_000_000L, FixedPoint.ofUnits(5));
        assertEquals(-5_000_000L, FixedPoint.ofUnits(-5));
        assertThrows(ArithmeticException.class, () -> FixedPoint.ofUnits(Long.MAX_VALUE / 100));
    }

    @Test
    void shouldConvertDoublesRoundingHalfAwayFromZero()
    {
        assertEquals(101_250_000L, FixedPoint.fromDouble(101.25));
        assertEquals(2L, FixedPoint.fromDouble(0.0000015));
        assertEquals(0.5, FixedPoint.toDouble(500_000L));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.fromDouble(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.fromDouble(1e300));
    }

    @Test
    void shouldRoundHalfAwayFromZeroSymmetricallyAsDocumented()
    {
        assertEquals(2L, FixedPoint.fromDouble(0.0000015));
        assertEquals(-2L, FixedPoint.fromDouble(-0.0000015));
        final IllegalArgumentException tooFine =
            assertThrows(IllegalArgumentException.class, () -> FixedPoint.parse("-0.0000005"));
        assertTrue(tooFine.getMessage().contains("more than 6 decimal places"), tooFine.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "101.25, 3, 303.75",
        "3, 101.25, 303.75",
        "-2.5, 1.5, -3.75",
        "2.5, -1.5, -3.75",
        "-2.5, -1.5, 3.75",
        "0.5, 0.5, 0.25",
        "0.000001, 0.000001, 0",
        "-0.000001, 0.5, 0",
        "1.000001, 1.000001, 1.000002",
        "-1.000001, 1.000001, -1.000002",
        "100000, 9000000, 900000000000",
        "0, 123.456, 0",
        "99999.999999, 0.123456, 12345.599999",
    })
    void shouldMultiplyTruncatingTowardZero(final String a, final String b, final String product)
    {
        assertEquals(product, FixedPoint.format(FixedPoint.multiply(FixedPoint.parse(a), FixedPoint.parse(b))));
    }

    @Test
    void shouldMultiplyLikeExactArithmeticTruncatedTowardZero()
    {
        final SplittableRandom random = new SplittableRandom(23);
        final BigInteger scale = BigInteger.valueOf(FixedPoint.SCALE);
        for (int i = 0; i < 100_000; i++)
        {
            // Prices up to 100 000 and quantities up to 9 million units: the documented range.
            final long price = random.nextLong(-100_000_000_000L, 100_000_000_001L);
            final long quantity = random.nextLong(-9_000_000_000_000L, 9_000_000_000_001L);

            final long expected = BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity)).divide(scale).longValueExact();

            assertEquals(expected, FixedPoint.multiply(price, quantity), price + " x " + quantity);
            assertEquals(expected, FixedPoint.multiply(quantity, price), quantity + " x " + price);
        }
    }

    @Test
    void shouldReturnOverflowWhenTheProductDoesNotFit()
    {
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.multiply(Long.MAX_VALUE, FixedPoint.ofUnits(2)));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.multiply(FixedPoint.ofUnits(2), Long.MAX_VALUE));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.multiply(Long.MIN_VALUE, FixedPoint.ofUnits(-1)));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.multiply(FixedPoint.ofUnits(5_000_000), FixedPoint.ofUnits(5_000_000)));
        assertEquals(FixedPoint.OVERFLOW, FixedPoint.multiply(-FixedPoint.ofUnits(5_000_000), FixedPoint.ofUnits(5_000_000)));
    }

    @Test
    void shouldMultiplyUpToTheLargestProductThatFits()
    {
        final long max = FixedPoint.multiply(Long.MAX_VALUE, FixedPoint.ofUnits(1));

        assertEquals(Long.MAX_VALUE, max);
        assertEquals(new BigDecimal("9223372036854.775807"), new BigDecimal(FixedPoint.format(max)));
    }

    @Test
    void shouldNotReportOverflowWhenTheProductFitsWhicheverOrderTheArgumentsComeIn()
    {
        final long a = 999_999L;
        final long b = FixedPoint.ofUnits(10_000_000);

        assertEquals(FixedPoint.ofUnits(9_999_990), FixedPoint.multiply(b, a));
        assertEquals(FixedPoint.ofUnits(9_999_990), FixedPoint.multiply(a, b));
    }
}
