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
 * {@code id}, {@code action}, {@code value}, {@code reason}, {@code requested_by} (the CLI's OS
 * user, for the log; the daemon attributes the command to the file's owner) and
 * {@code expires_at} (epoch millis: a command found later is not run).
 * <p>
 * {@code action} is either a {@link ControlAction} name ({@link Kind#ENGINE}: published into the
 * engine as a control event) or {@value #REDRIVE} ({@link Kind#REDRIVE}: the daemon sends a dead
 * letter again; the file then also holds {@code dlq_id}). Requests written before redrive existed
 * have no other shape, so they read exactly as before; a daemon that predates redrive refuses a
 * redrive request as {@code action 'REDRIVE' is not a control action} instead of misreading it.
 *
 * @param id          unique, time-ordered, file-name safe.
 * @param kind        what the daemon does with it.
 * @param action      the engine action for {@link Kind#ENGINE}; {@code null} for {@link Kind#REDRIVE}.
 * @param value       the action's value (0 for kill, reset and redrive).
 * @param dlqId       the dead letter to send again for {@link Kind#REDRIVE}; empty otherwise.
 * @param reason      why, in the operator's words (may be empty for a redrive).
 * @param requestedBy the CLI's OS user.
 * @param expiresAt   epoch millis after which the daemon refuses it.
 */
public record ControlRequest(
    String id, Kind kind, ControlAction action, long value, String dlqId, String reason, String requestedBy, long expiresAt)
{
    /** The {@code action} text of a redrive request. */
    public static final String REDRIVE = "REDRIVE";

    /**
     * What the daemon does with a request.
     */
    public enum Kind
    {
        /** Publish a control event ({@code horizon kill}, {@code horizon reset}). */
        ENGINE,
        /** Send a dead letter again through order entry ({@code horizon dlq redrive}). */
        REDRIVE
    }

    /**
     * An engine control request, as {@code horizon kill} and {@code horizon reset} send.
     *
     * @param id          unique, time-ordered, file-name safe.
     * @param action      what to do.
     * @param value       the action's value.
     * @param reason      why.
     * @param requestedBy the CLI's OS user.
     * @param expiresAt   epoch millis after which the daemon refuses it.
     */
    public ControlRequest(
        final String id, final ControlAction action, final long value, final String reason, final String requestedBy,
        final long expiresAt)
    {
        this(id, Kind.ENGINE, action, value, "", reason, requestedBy, expiresAt);
    }

    /**
     * A redrive request, as {@code horizon dlq redrive} sends.
     *
     * @param id          unique, time-ordered, file-name safe.
     * @param dlqId       the dead letter.
     * @param requestedBy the CLI's OS user.
     * @param expiresAt   epoch millis after which the daemon refuses it.
     * @return the request.
     */
    public static ControlRequest redrive(final String id, final String dlqId, final String requestedBy, final long expiresAt)
    {
        return new ControlRequest(id, Kind.REDRIVE, null, 0, dlqId, "", requestedBy, expiresAt);
    }

    /**
     * @return what the operator asked, for log lines and messages: {@code KILL}, {@code REDRIVE dlq_...}.
     */
    public String describe()
    {
        return kind == Kind.REDRIVE ? REDRIVE + " " + dlqId : action.name();
    }

    String toText()
    {
        final Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("action", kind == Kind.REDRIVE ? REDRIVE : action.name());
        p.setProperty("value", Long.toString(value));
        if (kind == Kind.REDRIVE)
        {
            p.setProperty("dlq_id", dlqId);
        }
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
        final Kind kind;
        final ControlAction action;
        if (REDRIVE.equals(actionName))
        {
            kind = Kind.REDRIVE;
            action = null;
        }
        else
        {
            kind = Kind.ENGINE;
            try
            {
                action = ControlAction.valueOf(actionName);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("action '" + actionName + "' is not a control action");
            }
        }
        final String dlqId = kind == Kind.REDRIVE ? required(p, "dlq_id") : "";
        try
        {
            return new ControlRequest(required(p, "id"), kind, action, Long.parseLong(required(p, "value")), dlqId,
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
