package io.horizon.ops.feed;

import java.nio.file.Path;

/**
 * A market data file that cannot be used: missing, unreadable, or with a bad line.
 * <p>
 * The message is meant for the user as is, with no stack trace: it names the file, the line and
 * the field, the bad value and what is allowed, for example
 * {@code prices.csv:17: field 'bid': 'abc' is not a number}. Errors about the whole file (line 0)
 * name the full path instead. Immutable.
 */
public final class MarketDataFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String field;

    /**
     * @param file   the file.
     * @param line   1-based line number, or 0 when the error is about the whole file.
     * @param field  the column name, or {@code null} when the error is not about one field.
     * @param detail what is wrong and what is allowed.
     */
    public MarketDataFileException(final Path file, final int line, final String field, final String detail)
    {
        this(file, line, field, detail, null);
    }

    /**
     * @param file   the file.
     * @param line   1-based line number, or 0 when the error is about the whole file.
     * @param field  the column name, or {@code null} when the error is not about one field.
     * @param detail what is wrong and what is allowed.
     * @param cause  the underlying error, or {@code null}.
     */
    public MarketDataFileException(
        final Path file, final int line, final String field, final String detail, final Throwable cause)
    {
        super(message(file, line, field, detail), cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /**
     * @return the file the error is about.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the 1-based line number, or 0 when the error is about the whole file.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return the column name, or {@code null} when the error is not about one field.
     */
    public String field()
    {
        return field;
    }

    private static String message(final Path file, final int line, final String field, final String detail)
    {
        final StringBuilder sb = new StringBuilder(128);
        if (line > 0)
        {
            final Path name = file.getFileName();
            sb.append(name != null ? name : file).append(':').append(line);
        }
        else
        {
            sb.append(file);
        }
        sb.append(": ");
        if (field != null)
        {
            sb.append("field '").append(field).append("': ");
        }
        return sb.append(detail).toString();
    }
}
