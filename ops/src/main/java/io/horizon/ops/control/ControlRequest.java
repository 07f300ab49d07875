package io.horizon.ops.control;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import io.horizon.engine.event.ControlAction;

/**
 * One operator command in the control channel, as a small properties file:
 * {@code id}, {@code action}, {@code value}, {@code reason} and, optionally, {@code expires_at}
 * (epoch millis: the writer's own deadline; the daemon may refuse earlier, never later). Who asked
 * is never in the file: the daemon attributes the command to the file's owner. A
 * {@code requested_by} written by an older CLI is read and ignored.
 * <p>
 * {@code action} is either a {@link ControlAction} name ({@link Kind#ENGINE}: published into the
 * engine as a control event) or {@value #REDRIVE} ({@link Kind#REDRIVE}: the daemon sends a dead
 * letter again; the file then also holds {@code dlq_id}).
 * <p>
 * {@link #parse} trusts nothing in the file: strict UTF-8, known keys only, an id that matches the
 * file name, {@code value} 0 (kill, reset and redrive take no value), a reason that
 * {@link RequestText#problem} accepts; every refusal names the field, quoting what was found
 * with {@link RequestText#quote}.
 *
 * @param id        unique, time-ordered, file-name safe.
 * @param kind      what the daemon does with it.
 * @param action    the engine action for {@link Kind#ENGINE}; {@code null} for {@link Kind#REDRIVE}.
 * @param value     the action's value (0 for kill, reset and redrive).
 * @param dlqId     the dead letter to send again for {@link Kind#REDRIVE}; empty otherwise.
 * @param reason    why, in the operator's words (may be empty for a redrive).
 * @param expiresAt epoch millis after which the writer no longer wants it run; {@link Long#MAX_VALUE} for none.
 */
public record ControlRequest(
    String id, Kind kind, ControlAction action, long value, String dlqId, String reason, long expiresAt)
{
    /** The {@code action} text of a redrive request. */
    public static final String REDRIVE = "REDRIVE";
    /** The {@code action} text of a snapshot request. */
    public static final String SNAPSHOT = "SNAPSHOT";
    /** What an id must look like: it is part of file names. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Set<String> KEYS = Set.of("id", "action", "value", "dlq_id", "reason", "requested_by", "expires_at");

    /**
     * What the daemon does with a request.
     */
    public enum Kind
    {
        /** Publish a control event ({@code horizon kill}, {@code horizon reset}). */
        ENGINE,
        /** Send a dead letter again through order entry ({@code horizon dlq redrive}). */
        REDRIVE,
        /** Snapshot the engine state into {@code STATE/snapshots} ({@code horizon snapshot}). */
        SNAPSHOT
    }

    /**
     * An engine control request, as {@code horizon kill} and {@code horizon reset} send.
     *
     * @param id        unique, time-ordered, file-name safe.
     * @param action    what to do.
     * @param value     the action's value.
     * @param reason    why.
     * @param expiresAt epoch millis after which the writer no longer wants it run.
     */
    public ControlRequest(final String id, final ControlAction action, final long value, final String reason, final long expiresAt)
    {
        this(id, Kind.ENGINE, action, value, "", reason, expiresAt);
    }

    /**
     * A redrive request, as {@code horizon dlq redrive} sends.
     *
     * @param id        unique, time-ordered, file-name safe.
     * @param dlqId     the dead letter.
     * @param expiresAt epoch millis after which the writer no longer wants it run.
     * @return the request.
     */
    public static ControlRequest redrive(final String id, final String dlqId, final long expiresAt)
    {
        return new ControlRequest(id, Kind.REDRIVE, null, 0, dlqId, "", expiresAt);
    }

    /**
     * A snapshot request, as {@code horizon snapshot} sends.
     *
     * @param id        unique, time-ordered, file-name safe.
     * @param expiresAt epoch millis after which the writer no longer wants it run.
     * @return the request.
     */
    public static ControlRequest snapshot(final String id, final long expiresAt)
    {
        return new ControlRequest(id, Kind.SNAPSHOT, null, 0, "", "", expiresAt);
    }

    /**
     * @return what the operator asked, for log lines and messages: {@code KILL}, {@code REDRIVE dlq_...}.
     */
    public String describe()
    {
        return kind == Kind.REDRIVE ? REDRIVE + " " + dlqId : kind == Kind.SNAPSHOT ? SNAPSHOT : action.name();
    }

    String toText()
    {
        final Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("action", kind == Kind.REDRIVE ? REDRIVE : kind == Kind.SNAPSHOT ? SNAPSHOT : action.name());
        p.setProperty("value", Long.toString(value));
        if (kind == Kind.REDRIVE)
        {
            p.setProperty("dlq_id", dlqId);
        }
        p.setProperty("reason", reason);
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
     * @param fileId the id the request's file name carries.
     * @param bytes  the file's content.
     * @return the request, every field checked.
     * @throws IllegalArgumentException naming what is malformed (values quoted, cut short).
     */
    static ControlRequest parse(final String fileId, final byte[] bytes)
    {
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("the file is not UTF-8 text");
        }
        final Properties p = new Properties();
        try
        {
            p.load(new StringReader(text));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("the file is not a properties file (a bad \\u escape?)");
        }
        for (final Object key : p.keySet())
        {
            if (!KEYS.contains(key))
            {
                throw new IllegalArgumentException("unknown key " + RequestText.quote(key.toString()) + "; a request holds " +
                    "only id, action, value, dlq_id, reason and expires_at");
            }
        }
        final String id = required(p, "id");
        if (!id.equals(fileId))
        {
            throw new IllegalArgumentException("id " + RequestText.quote(id) + " does not match the file name's id '" + fileId + "'");
        }
        final String actionName = required(p, "action");
        final Kind kind;
        final ControlAction action;
        if (REDRIVE.equals(actionName))
        {
            kind = Kind.REDRIVE;
            action = null;
        }
        else if (SNAPSHOT.equals(actionName))
        {
            kind = Kind.SNAPSHOT;
            action = null;
        }
        else
        {
            kind = Kind.ENGINE;
            action = engineAction(actionName);
        }
        final String valueText = required(p, "value");
        if (!"0".equals(valueText))
        {
            throw new IllegalArgumentException("value " + RequestText.quote(valueText) + " is out of range: " +
                (kind == Kind.ENGINE ? actionName : kind.name()) + " takes value 0");
        }
        final String dlqId = kind == Kind.REDRIVE ? required(p, "dlq_id") : "";
        if (kind == Kind.REDRIVE && !dlqId.matches("[A-Za-z0-9_]{1,64}"))
        {
            throw new IllegalArgumentException("dlq_id " + RequestText.quote(dlqId) + " is not a dead-letter id (dlq_ and 16 hex digits)");
        }
        final String reason = p.getProperty("reason", "");
        // Checked as written: a newline at either end is refused too, not trimmed away.
        final String problem = RequestText.problem(reason);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        final String expires = p.getProperty("expires_at");
        long expiresAt = Long.MAX_VALUE;
        if (expires != null)
        {
            try
            {
                expiresAt = Long.parseLong(expires.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("expires_at " + RequestText.quote(expires) + " is not a whole number of epoch millis");
            }
        }
        return new ControlRequest(id, kind, action, 0, dlqId, reason.strip(), expiresAt);
    }

    private static ControlAction engineAction(final String name)
    {
        for (final ControlAction candidate : ControlAction.values())
        {
            if (candidate.name().equals(name))
            {
                return candidate;
            }
        }
        throw new IllegalArgumentException("action " + RequestText.quote(name) + " is not a control action");
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
