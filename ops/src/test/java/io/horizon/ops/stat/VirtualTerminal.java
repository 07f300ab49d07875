package io.horizon.ops.stat;

import java.util.Arrays;

/**
 * A fixed-size terminal for tests: it interprets what {@link AnsiPainter} writes (cursor home,
 * erase to end of line, erase below, SGR colours, CR, LF) the way an xterm does, including
 * auto-wrap at the right margin and scrolling at the bottom, so a screen that is too wide or too
 * tall shows up as wrapped or scrolled rows instead of passing unnoticed.
 */
final class VirtualTerminal
{
    private final int columns;
    private final int rows;
    private final char[][] cells;
    private final String[][] styles;
    private int row;
    private int column;
    private String sgr = "0";
    private int scrolled;

    VirtualTerminal(final int columns, final int rows)
    {
        this.columns = columns;
        this.rows = rows;
        this.cells = new char[rows][columns];
        this.styles = new String[rows][columns];
        for (int r = 0; r < rows; r++)
        {
            clearRow(r, 0);
        }
    }

    VirtualTerminal write(final String output)
    {
        int i = 0;
        while (i < output.length())
        {
            final char c = output.charAt(i);
            if (c == '\033' && i + 1 < output.length() && output.charAt(i + 1) == '[')
            {
                int j = i + 2;
                while (j < output.length() && !Character.isLetter(output.charAt(j)))
                {
                    j++;
                }
                control(output.substring(i + 2, j), output.charAt(j));
                i = j + 1;
                continue;
            }
            if (c == '\r')
            {
                column = 0;
            }
            else if (c == '\n')
            {
                lineFeed();
            }
            else
            {
                if (column == columns)
                {
                    column = 0;
                    lineFeed();
                }
                cells[row][column] = c;
                styles[row][column] = sgr;
                column++;
            }
            i++;
        }
        return this;
    }

    private void control(final String params, final char command)
    {
        switch (command)
        {
            case 'H':
                row = 0;
                column = 0;
                break;
            case 'K':
                clearRow(row, Math.min(column, columns));
                break;
            case 'J':
                clearRow(row, Math.min(column, columns));
                for (int r = row + 1; r < rows; r++)
                {
                    clearRow(r, 0);
                }
                break;
            case 'm':
                sgr = params.isEmpty() ? "0" : params;
                break;
            default:
                // Modes (alternate screen, cursor) change nothing on the grid.
                break;
        }
    }

    private void lineFeed()
    {
        if (row == rows - 1)
        {
            System.arraycopy(cells, 1, cells, 0, rows - 1);
            System.arraycopy(styles, 1, styles, 0, rows - 1);
            cells[rows - 1] = new char[columns];
            styles[rows - 1] = new String[columns];
            clearRow(rows - 1, 0);
            scrolled++;
        }
        else
        {
            row++;
        }
    }

    private void clearRow(final int r, final int from)
    {
        Arrays.fill(cells[r], from, columns, ' ');
        Arrays.fill(styles[r], from, columns, "0");
    }

    /**
     * @return the row's text, trailing blanks removed.
     */
    String row(final int r)
    {
        return new String(cells[r]).stripTrailing();
    }

    /**
     * @return the whole screen, a line per row.
     */
    String screen()
    {
        final StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    /**
     * @return the SGR parameters the first cell of this text on the screen was drawn with, or
     *         {@code null} when the text is not on it.
     */
    String styleOf(final String text)
    {
        for (int r = 0; r < rows; r++)
        {
            final int at = new String(cells[r]).indexOf(text);
            if (at >= 0)
            {
                return styles[r][at];
            }
        }
        return null;
    }

    /**
     * @return lines scrolled off the top: 0 for a screen that fits.
     */
    int scrolled()
    {
        return scrolled;
    }
}
