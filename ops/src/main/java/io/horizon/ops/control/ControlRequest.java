package io.horizon.ops.control;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.horizon.engine.event.ControlAction;

/**
 * One operator command in the control channel, as a small properties file:
 * {@code id}, {@code action} (a {@link ControlAction} name), {@code value}, {@code reason},
 * {@code requested_by} (the CLI's OS user, for the log; the daemon attributes the command to the
 * file's owner) and {@code expires_at} (epoch millis: a command found later is not run).
 *
 * @param id          unique, time-ordered, file-name safe.
 * @param action      what to do.
 * @param value       the action's value (0 for kill and reset).
 * @param reason      why, in the operator's words.
 * @param requestedBy the CLI's OS user.
 * @param expiresAt   epoch millis after which the daemon refuses it.
 */
public record ControlRequest(String id, ControlAction action, long value, String reason, String requestedBy, long expiresAt)
{
    String toText()
    {
        final Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("action", action.name());
        p.setProperty("value", Long.toString(value));
        p.setProperty("reason", reason);
        p.setProperty("requested_by", requestedBy);
        p.setProperty("expires_at", Long.toString(expiresAt));
        final StringWriter out = new StringWriter();
        try
        {
            p.store(out, "Horizon control request");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return out.toString();
    }

    /**
     * @param file a request file.
     * @return the request.
     * @throws IOException when unreadable.
     * @throws IllegalArgumentException naming what is malformed.
     */
    static ControlRequest read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        final String actionName = required(p, "action");
        final ControlAction action;
        try
        {
            action = ControlAction.valueOf(actionName);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("action '" + actionName + "' is not a control action");
        }
        try
        {
            return new ControlRequest(required(p, "id"), action, Long.parseLong(required(p, "value")),
                p.getProperty("reason", ""), p.getProperty("requested_by", ""), Long.parseLong(required(p, "expires_at")));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("value and expires_at must be whole numbers");
        }
    }

    private static String required(final Properties p, final String key)
    {
        final String v = p.getProperty(key);
        if (v == null || v.isBlank())
        {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v.trim();
    }
}
