package io.horizon.ops.stat;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the stat screen: text in spans, each with a {@link Style}, so the same screen can
 * be painted in colour on a terminal and as plain text for scripts.
 * <p>
 * Built and read on one thread.
 */
public final class ScreenLine
{
    /** How a span is shown on a colour terminal. */
    public enum Style
    {
        /** Default colours. */
        PLAIN("0"),
        /** Panel titles. */
        TITLE("1"),
        /** Something is wrong now: the kill switch engaged, the daemon stopped, a feed stale. */
        ALERT("1;97;41"),
        /** Worth a look: not ready, a feed degraded, faults, a warning alert. */
        WARN("1;33"),
        /** Healthy. */
        OK("32"),
        /** Secondary text. */
        DIM("2");

        private final String sgr;

        Style(final String sgr)
        {
            this.sgr = sgr;
        }

        /**
         * @return the ANSI SGR parameters.
         */
        public String sgr()
        {
            return sgr;
        }
    }

    /**
     * A run of text in one style.
     */
    public record Span(String text, Style style)
    {
    }

    private final List<Span> spans = new ArrayList<>();

    /**
     * Appends plain text.
     *
     * @return this.
     */
    public ScreenLine add(final String text)
    {
        return add(text, Style.PLAIN);
    }

    /**
     * Appends styled text.
     *
     * @return this.
     */
    public ScreenLine add(final String text, final Style style)
    {
        spans.add(new Span(text, style));
        return this;
    }

    /**
     * @return the spans, in order.
     */
    public List<Span> spans()
    {
        return spans;
    }

    /**
     * @return the text without styles.
     */
    public String text()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Span s : spans)
        {
            sb.append(s.text());
        }
        return sb.toString();
    }
}
