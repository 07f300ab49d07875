package io.horizon.ops.secrets;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The secrets a running Horizon holds: {@link #get}, {@link #has} and {@link #require} over the
 * current {@link SecretSource}, and {@link #rotate} to replace it whole.
 * <p>
 * Every read is reported to the {@link SecretAccessAudit} as {@code secret.access} with the key's
 * name. Values leave only as {@link Secret}, whose {@code toString} hides them; no message of this
 * package ever holds one.
 * <p>
 * Rotation loads a candidate source, verifies it with a dry-run hook, and only then swaps it in
 * with one atomic reference write: a reader sees the old set or the new one, never a mix, and a
 * candidate that fails verification never becomes visible.
 * <p>
 * Threading: every method from any thread; rotations are serialised.
 */
public final class Secrets
{
    private final AtomicReference<SecretSource> current;
    private final SecretAccessAudit audit;
    private final String actor;

    /**
     * @param source the initial secrets.
     * @param audit  where reads are reported.
     * @param actor  who reads, for the audit: {@code system} (the daemon), {@code user:NAME}.
     */
    public Secrets(final SecretSource source, final SecretAccessAudit audit, final String actor)
    {
        this.current = new AtomicReference<>(source);
        this.audit = audit;
        this.actor = actor;
    }

    /**
     * @param key a dotted key such as {@code alpaca.key}.
     * @return the secret, when present and non-empty.
     */
    public Optional<Secret> get(final String key)
    {
        SecretKeys.check(key);
        final Optional<String> value = current.get().lookup(key).filter(v -> !v.isEmpty());
        report(key, value.isPresent());
        return value.map(v -> new Secret(key, v));
    }

    /**
     * @param key a dotted key.
     * @return true when the secret is present and non-empty.
     */
    public boolean has(final String key)
    {
        SecretKeys.check(key);
        final boolean present = current.get().lookup(key).map(v -> !v.isEmpty()).orElse(false);
        report(key, present);
        return present;
    }

    /**
     * @param key a dotted key.
     * @return the secret.
     * @throws SecretsException naming the key and where it was looked for, when missing or empty.
     */
    public Secret require(final String key)
    {
        SecretKeys.check(key);
        final SecretSource source = current.get();
        final Optional<String> value = source.lookup(key);
        final boolean present = value.map(v -> !v.isEmpty()).orElse(false);
        report(key, present);
        if (!present)
        {
            throw new SecretsException("secret '" + key + "' is " + (value.isPresent() ? "empty" : "missing") + " in " +
                source.describe() + "; set " + SecretKeys.toEnvironmentName(key) + "=... in the credentials file or the environment");
        }
        return new Secret(key, value.get());
    }

    /**
     * @return the names of the keys the current sources can list. Names only; no read is audited.
     */
    public Set<String> keys()
    {
        return current.get().keys();
    }

    /**
     * @return where the current secrets come from.
     */
    public String describe()
    {
        return current.get().describe();
    }

    /**
     * Loads a candidate set, verifies it, and swaps it in unless this is a dry run.
     *
     * @param loader   loads the candidate (a fresh read of the file and environment).
     * @param verifier the dry-run hook.
     * @param dryRun   true to load and verify only.
     * @return what was done, with key names only.
     * @throws SecretsException when loading or verification fails; the current set stays.
     */
    public synchronized Rotation rotate(final Supplier<SecretSource> loader, final SecretsVerifier verifier, final boolean dryRun)
    {
        final SecretSource candidate = loader.get();
        verifier.verify(new AuditedSource(candidate));
        if (!dryRun)
        {
            current.set(candidate);
        }
        return new Rotation(candidate.describe(), candidate.keys(), !dryRun);
    }

    private void report(final String key, final boolean found)
    {
        try
        {
            audit.secretAccessed(key, found, actor);
        }
        catch (final RuntimeException ignore)
        {
            // Auditing must never turn a read into a failure; the audit sink reports its own faults.
        }
    }

    /**
     * The candidate as the verifier sees it: each lookup is a read, audited like any other.
     */
    private final class AuditedSource implements SecretSource
    {
        private final SecretSource source;

        AuditedSource(final SecretSource source)
        {
            this.source = source;
        }

        @Override
        public Optional<String> lookup(final String key)
        {
            final Optional<String> value = source.lookup(key);
            report(key, value.map(v -> !v.isEmpty()).orElse(false));
            return value;
        }

        @Override
        public Set<String> keys()
        {
            return source.keys();
        }

        @Override
        public String describe()
        {
            return source.describe();
        }
    }

    /**
     * @param source  where the candidate came from.
     * @param keys    the key names it holds.
     * @param swapped true when it is now the live set; false for a dry run.
     */
    public record Rotation(String source, Set<String> keys, boolean swapped)
    {
    }
}
