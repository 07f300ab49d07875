package io.horizon.ops.preset;

import java.nio.file.Path;

/**
 * The preset's {@code [audit]} table: which store keeps the audit log, where the daemon anchors its
 * chain, and with which key; and the daemon's writer id ({@code [daemon] id}).
 * <pre>
 * [daemon]
 * id = "desk-a"                             # this daemon's writer id: its own chain in a shared PostgreSQL
 *
 * [audit]
 * backend = "postgres"                      # "sqlite" (default: STATE/audit.db) or "postgres"; the URL and
 *                                           # credentials are the secrets audit.postgres_url, audit.postgres_user
 *                                           # and audit.postgres_password, never preset keys
 * anchors = "/var/lib/horizon-anchors"      # a directory outside the state directory (refused inside it)
 * anchor_interval_s = 60                    # how often the chain head is signed, when it moved
 * signing_key_secret = "audit.signing_key"  # the named secret holding the Ed25519 PEM (never a file in the state)
 * anchor_to_log = true                      # also write each anchor line to the log
 * public_key = "/etc/horizon/audit_signing_key.pub.pem"   # what horizon audit verify --preset pins
 * </pre>
 * Immutable; any thread.
 *
 * @param anchors          the anchors directory, or null when the daemon writes no anchors.
 * @param anchorIntervalMs how often the head is anchored.
 * @param signingKeySecret the secret's name.
 * @param anchorToLog      also log each anchor line (to the log and whatever ships it).
 * @param publicKey        the pinned public key for verify, or null.
 * @param backend          {@link #SQLITE} or {@link #POSTGRES}.
 * @param daemonId         the preset's {@code daemon.id}, or null (required with PostgreSQL).
 */
public record AuditSettings(
    Path anchors, long anchorIntervalMs, String signingKeySecret, boolean anchorToLog, Path publicKey, String backend,
    String daemonId)
{
    /** The embedded default: {@code STATE/audit.db}. */
    public static final String SQLITE = "sqlite";
    /** One PostgreSQL database shared by several daemons, each under its {@code daemon.id}. */
    public static final String POSTGRES = "postgres";
    /** The secret holding the JDBC URL, {@code jdbc:postgresql://HOST:PORT/DATABASE}. */
    public static final String POSTGRES_URL_SECRET = "audit.postgres_url";
    /** The secret holding the role the daemon connects as. */
    public static final String POSTGRES_USER_SECRET = "audit.postgres_user";
    /** The secret holding that role's password. */
    public static final String POSTGRES_PASSWORD_SECRET = "audit.postgres_password";

    /** The default secret name: environment {@code AUDIT_SIGNING_KEY} or {@code HORIZON_AUDIT_SIGNING_KEY}. */
    public static final String DEFAULT_SECRET = "audit.signing_key";

    /** No anchors: what a preset without {@code [audit]} gets. */
    public static final AuditSettings NONE = new AuditSettings(null, 60_000, DEFAULT_SECRET, false, null, SQLITE, null);

    /**
     * @return true when the audit log lives in PostgreSQL.
     */
    public boolean isPostgres()
    {
        return POSTGRES.equals(backend);
    }
}
