package io.horizon.ops.stat;

import java.util.List;

/**
 * Paints screen lines onto a terminal with plain ANSI escape sequences (no terminal library):
 * cursor home, each line followed by erase-to-end-of-line, then erase below. The last line has
 * no line break, so a screen that fills the terminal never scrolls it. Lines must already fit
 * the width ({@link StatScreen#render}).
 * <p>
 * Stateless; any thread.
 */
public final class AnsiPainter
{
    /** Switches to the alternate screen and hides the cursor, as {@code top} does. */
    public static final String ENTER = "\033[?1049h\033[?25l";
    /** Shows the cursor and returns to the normal screen. */
    public static final String LEAVE = "\033[?25h\033[?1049l";

    private static final String ESC = "\033[";

    private AnsiPainter()
    {
    }

    /**
     * @param lines  the screen, at most as many lines as the terminal has rows.
     * @param colour true to colour the spans by style.
     * @return the bytes to write, as text.
     */
    public static String paint(final List<ScreenLine> lines, final boolean colour)
    {
        final StringBuilder sb = new StringBuilder(ESC + "H");
        for (int i = 0; i < lines.size(); i++)
        {
            for (final ScreenLine.Span s : lines.get(i).spans())
            {
                if (colour && s.style() != ScreenLine.Style.PLAIN)
                {
                    sb.append(ESC).append(s.style().sgr()).append('m').append(s.text()).append(ESC).append("0m");
                }
                else
                {
                    sb.append(s.text());
                }
            }
            sb.append(ESC).append('K');
            if (i < lines.size() - 1)
            {
                sb.append("\r\n");
            }
        }
        sb.append(ESC).append('J');
        return sb.toString();
    }
}
