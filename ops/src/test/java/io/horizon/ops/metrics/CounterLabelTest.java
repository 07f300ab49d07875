package io.horizon.ops.metrics;

import java.util.List;

import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counter labels in Prometheus text form, split into a name and tags.
 */
final class CounterLabelTest
{
    @Test
    void shouldSplitANameAndItsLabels()
    {
        final CounterLabel label = CounterLabel.parse("horizon_fills_total{venue=\"paper\",account=\"a\",side=\"buy\"}");
        assertEquals("horizon_fills_total", label.name());
        assertEquals(List.of(Tag.of("venue", "paper"), Tag.of("account", "a"), Tag.of("side", "buy")), label.tags());
    }

    @Test
    void shouldTakeANameWithoutLabels()
    {
        assertEquals(new CounterLabel("horizon_quotes_total", List.of()), CounterLabel.parse("horizon_quotes_total"));
    }

    @Test
    void shouldUnescapeQuotesBackslashesAndCommasInValues()
    {
        final CounterLabel label = CounterLabel.parse("x{account=\"a \\\"b\\\" \\\\c, d\"}");
        assertEquals(List.of(Tag.of("account", "a \"b\" \\c, d")), label.tags());
    }

    @Test
    void shouldRefuseWhatIsNotAPrometheusName()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> CounterLabel.parse("events processed"));
        assertTrue(ex.getMessage().contains("'events processed'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CounterLabel.parse("x{kind=\"open"));
        assertThrows(IllegalArgumentException.class, () -> CounterLabel.parse("x{kind}"));
    }
}
