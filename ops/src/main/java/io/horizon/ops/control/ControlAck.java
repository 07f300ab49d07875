package io.horizon.ops.control;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import io.horizon.ops.state.PlainFile;
import io.horizon.ops.state.RefusedFileException;

/**
 * The daemon's answer to a {@link ControlRequest}, as a small properties file. A redrive's answer
 * also carries {@code client_order_id} and {@code retry_count}; a reader that predates them
 * ignores them, and this reader takes their absence as empty and 0.
 *
 * @param id            the request's id.
 * @param status        what became of it.
 * @param actor         who it was attributed to ({@code user:alice}), or empty when refused before.
 * @param message       one line for the operator.
 * @param clientOrderId for a redrive the engine took: the client order id it was sent under; else empty.
 * @param retryCount    for a redrive the engine took: the entry's retry count after it; else 0.
 */
public record ControlAck(String id, Status status, String actor, String message, String clientOrderId, int retryCount)
{
    /**
     * An answer without a redrive's outcome.
     *
     * @param id      the request's id.
     * @param status  what became of it.
     * @param actor   who it was attributed to, or empty.
     * @param message one line for the operator.
     */
    public ControlAck(final String id, final Status status, final String actor, final String message)
    {
        this(id, status, actor, message, "", 0);
    }

    /**
     * What became of a request.
     */
    public enum Status
    {
        /** Journaled and processed by the engine. */
        PROCESSED,
        /** Published into the inbound ring (so it will be journaled), not yet processed when answered. */
        ACCEPTED,
        /** Not published; the message says why. */
        REFUSED,
        /** Found after its deadline; not published. */
        EXPIRED,
        /**
         * The daemon started on it and failed part-way (a redrive published but not recorded); the
         * message says what may have happened and how to check.
         */
        FAILED;

        /**
         * @return true when the command reached the engine.
         */
        public boolean published()
        {
            return this == PROCESSED || this == ACCEPTED;
        }
    }

    String toText()
    {
        final Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("status", status.name());
        p.setProperty("actor", actor);
        p.setProperty("message", message);
        if (!clientOrderId.isEmpty())
        {
            p.setProperty("client_order_id", clientOrderId);
            p.setProperty("retry_count", Integer.toString(retryCount));
        }
        final StringWriter out = new StringWriter();
        try
        {
            p.store(out, "Horizon control acknowledgement");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return out.toString();
    }

    /**
     * @param file an ack file; read without following links, refused unless a plain file of at
     *             most {@link ControlChannel#MAX_FILE_BYTES}.
     */
    static ControlAck read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        try
        {
            p.load(new StringReader(new String(PlainFile.read(file, ControlChannel.MAX_FILE_BYTES), StandardCharsets.UTF_8)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RefusedFileException(file + " is not a properties file; refused");
        }
        Status status;
        try
        {
            status = Status.valueOf(p.getProperty("status", "").toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            status = Status.REFUSED;
        }
        int retryCount;
        try
        {
            retryCount = Integer.parseInt(p.getProperty("retry_count", "0").trim());
        }
        catch (final NumberFormatException ex)
        {
            retryCount = 0;
        }
        return new ControlAck(p.getProperty("id", ""), status, p.getProperty("actor", ""), p.getProperty("message", ""),
            p.getProperty("client_order_id", ""), retryCount);
    }
}
