package io.horizon.ops.control;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The daemon's answer to a {@link ControlRequest}.
 *
 * @param id      the request's id.
 * @param status  what became of it.
 * @param actor   who it was attributed to ({@code user:alice}), or empty when refused before.
 * @param message one line for the operator.
 */
public record ControlAck(String id, Status status, String actor, String message)
{
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
        EXPIRED;

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

    static ControlAck read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        Status status;
        try
        {
            status = Status.valueOf(p.getProperty("status", "").toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            status = Status.REFUSED;
        }
        return new ControlAck(p.getProperty("id", ""), status, p.getProperty("actor", ""), p.getProperty("message", ""));
    }
}
