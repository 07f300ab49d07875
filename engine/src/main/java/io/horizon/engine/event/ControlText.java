package io.horizon.engine.event;

/**
 * How an operator's control event carries who asked and why in its text:
 * {@code user:<name>: <reason>}, for example {@code user:alice: venue is sending bad fills}.
 * The audit log reads the actor ({@code user:alice}) and the reason back from the journaled
 * event with {@link #actor} and {@link #reason}; events the engine publishes itself (the
 * recovery reconcile) carry plain text and no actor.
 * <p>
 * Stateless; any thread. Allocates: edges only (CLI, control channel, audit), never per event.
 */
public final class ControlText
{
    /** Prefix of an operator actor. */
    public static final String USER_PREFIX = "user:";

    private static final String SEPARATOR = ": ";

    private ControlText()
    {
    }

    /**
     * @param user   the operator's OS user name; no ':' and no whitespace.
     * @param reason why, in the operator's words.
     * @return the event text.
     * @throws IllegalArgumentException when the user name cannot be read back unambiguously.
     */
    public static String compose(final String user, final String reason)
    {
        if (user == null || user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(Character::isWhitespace))
        {
            throw new IllegalArgumentException("operator name '" + user + "' cannot be recorded; it must be non-empty, " +
                "without ':' or spaces");
        }
        return USER_PREFIX + user + SEPARATOR + reason;
    }

    /**
     * @param text a control event's text.
     * @return {@code user:<name>}, or {@code null} when the text names no operator.
     */
    public static String actor(final String text)
    {
        if (text == null || !text.startsWith(USER_PREFIX))
        {
            return null;
        }
        final int end = text.indexOf(SEPARATOR, USER_PREFIX.length());
        return end <= USER_PREFIX.length() ? null : text.substring(0, end);
    }

    /**
     * @param text a control event's text.
     * @return the reason: the text after the actor, or the whole text when it names no operator.
     */
    public static String reason(final String text)
    {
        final String actor = actor(text);
        return actor == null ? (text == null ? "" : text) : text.substring(actor.length() + SEPARATOR.length());
    }
}
