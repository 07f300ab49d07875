package io.horizon.ops.secrets;

/**
 * Hears of every secret read, so it can be audited as {@code secret.access} with the key's name.
 * It is never given the value. {@link AuditedSecretAccess} writes it to the audit log (and the
 * log); {@link LoggedSecretAccess} to the log only.
 * <p>
 * Threading: called on the thread that reads the secret; implementations must be thread-safe and
 * must not throw.
 */
@FunctionalInterface
public interface SecretAccessAudit
{
    /** Audit category of a secret read. */
    String CATEGORY = "secret.access";

    /**
     * @param key   the key read, e.g. {@code alpaca.key}.
     * @param found true when a non-empty value was there.
     * @param actor who read it, as the audit log names actors: {@code system} (the daemon) or {@code user:alice}.
     */
    void secretAccessed(String key, boolean found, String actor);
}
