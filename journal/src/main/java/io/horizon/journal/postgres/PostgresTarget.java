package io.horizon.journal.postgres;

import java.util.regex.Pattern;

/**
 * Where a PostgreSQL store lives and who connects: a JDBC URL and credentials, which come from the
 * secrets provider (never from a preset), and the writer id of the daemon the store belongs to.
 * {@link #toString()} never shows the password.
 * <p>
 * Immutable; any thread.
 *
 * @param url      {@code jdbc:postgresql://host:port/database}.
 * @param user     the role to connect as (may be null when the URL carries it).
 * @param password the role's password (may be null for trust or peer authentication).
 * @param writerId the daemon's writer id ({@code daemon.id}), or null for a reader of every writer.
 */
public record PostgresTarget(String url, String user, String password, String writerId)
{
    private static final Pattern WRITER_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public PostgresTarget
    {
        if (url == null || !url.startsWith("jdbc:postgresql:"))
        {
            throw new IllegalArgumentException("PostgreSQL URL '" + redact(url) + "' is not a jdbc:postgresql: URL; " +
                "set the secret audit.postgres_url to jdbc:postgresql://HOST:PORT/DATABASE");
        }
        if (writerId != null)
        {
            requireWriterId(writerId);
        }
    }

    /**
     * @param writerId a writer id.
     * @return it, when it is 1 to 63 characters of {@code a-z 0-9 . _ -} starting with a letter or digit.
     * @throws IllegalArgumentException naming the value and what is allowed.
     */
    public static String requireWriterId(final String writerId)
    {
        if (writerId == null || !WRITER_ID.matcher(writerId).matches())
        {
            throw new IllegalArgumentException("writer id '" + writerId + "' is not allowed; use 1 to 63 characters of " +
                "a-z, 0-9, '.', '_' and '-', starting with a letter or digit (daemon.id in the preset)");
        }
        return writerId;
    }

    /**
     * @param writer another writer id, or null for every writer.
     * @return the same database and credentials for that writer.
     */
    public PostgresTarget forWriter(final String writer)
    {
        return new PostgresTarget(url, user, password, writer);
    }

    /**
     * @return the URL without any password it may carry, for messages.
     */
    public String safeUrl()
    {
        return redact(url);
    }

    private static String redact(final String url)
    {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    @Override
    public String toString()
    {
        return "PostgreSQL " + safeUrl() + (user == null ? "" : " as " + user) + (writerId == null ? "" : ", writer " + writerId);
    }
}
