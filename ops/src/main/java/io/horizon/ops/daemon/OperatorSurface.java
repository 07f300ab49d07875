package io.horizon.ops.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.journal.flush.FlusherCounters;
import io.horizon.ops.metrics.CounterLookup;
import io.horizon.ops.metrics.MetricsExport;
import io.horizon.ops.metrics.MetricsSettings;
import io.horizon.ops.metrics.Readiness;
import io.horizon.ops.secrets.AuditedSecretAccess;
import io.horizon.ops.secrets.CredentialsLoader;
import io.horizon.ops.secrets.EnvironmentSecrets;
import io.horizon.ops.secrets.FileSecrets;
import io.horizon.ops.secrets.ReloadOnSighup;
import io.horizon.ops.secrets.Secrets;
import io.horizon.ops.secrets.SecretsException;
import io.horizon.ops.secrets.SecretsVerifier;
import io.micrometer.core.instrument.Tags;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon shows and takes from operators besides the engine itself: the metrics export
 * ({@code /metrics}, {@code /health}, {@code /ready}) and the secrets, reloaded on SIGHUP.
 * <p>
 * {@link #open} loads the secrets (refusing a credentials file others can read) and binds the
 * metrics socket, so either failure stops the daemon before recovery; {@link #start}, after
 * recovery, starts sampling and serving; {@link #close}, after the drain and before the counters
 * file is unmapped, stops both.
 * <p>
 * Threading: {@link #open}, {@link #start} and {@link #close} from the daemon's owner thread.
 */
final class OperatorSurface implements AutoCloseable
{
    /** Audit lag counter the audit log publishes, in records; exported under the same name. */
    static final String AUDIT_LAG_COUNTER = FlusherCounters.AUDIT_LAG_RECORDS;

    private static final Logger LOG = LoggerFactory.getLogger(OperatorSurface.class);

    private final Secrets secrets;
    private final AuditedSecretAccess secretAccess;
    private final CredentialsLoader credentials;
    private final AtomicCounter reloadsOk;
    private final AtomicCounter reloadsFailed;
    private final MetricsExport metrics;
    private volatile boolean engineRunning;
    private ReloadOnSighup sighup;
    private volatile Consumer<Secrets> afterRotation;

    private OperatorSurface(
        final Secrets secrets,
        final AuditedSecretAccess secretAccess,
        final CredentialsLoader credentials,
        final EngineCounters counters,
        final MetricsExport metrics)
    {
        this.secrets = secrets;
        this.secretAccess = secretAccess;
        this.credentials = credentials;
        this.reloadsOk = counters.counter("horizon_secrets_reloads_total{result=\"ok\"}", EngineCounters.TYPE_PLAIN);
        this.reloadsFailed = counters.counter("horizon_secrets_reloads_total{result=\"failed\"}", EngineCounters.TYPE_PLAIN);
        this.metrics = metrics;
    }

    /**
     * Loads the secrets and binds the metrics socket.
     *
     * @param feedFailure why the market data feed stopped early, or {@code null}; {@code /ready} fails once it is set.
     * @throws SecretsException      when the credentials file is refused.
     * @throws IllegalArgumentException when the metrics address cannot be bound.
     */
    static OperatorSurface open(
        final MetricsSettings metricsSettings,
        final Path credentialsFile,
        final Path stateDirectory,
        final EnginePipeline pipeline,
        final java.util.function.Supplier<Throwable> feedFailure)
    {
        final CredentialsLoader credentials = credentialsFile != null ?
            CredentialsLoader.of(credentialsFile) : CredentialsLoader.ifExists(stateDirectory.resolve(FileSecrets.FILE_NAME));
        // Reads before the audit log starts are buffered; the daemon attaches it after recovery.
        final AuditedSecretAccess secretAccess = new AuditedSecretAccess();
        final Secrets secrets = new Secrets(credentials.get(), secretAccess, "system");
        final EngineCounters counters = pipeline.counters();
        MetricsExport metrics = null;
        final OperatorSurface[] self = new OperatorSurface[1];
        if (metricsSettings.enabled())
        {
            final Path journal = stateDirectory.resolve("journal");
            final CounterLookup auditLag = new CounterLookup(counters.reader(), AUDIT_LAG_COUNTER);
            final Readiness readiness = Readiness.builder()
                .check("engine", () -> self[0] != null && self[0].engineRunning, "not running (starting, recovering or stopping)")
                .check("journal", () -> Files.isDirectory(journal) && Files.isWritable(journal), "journal directory " + journal + " is not writable")
                .check("feed", () -> feedFailure.get() == null, () -> "the market data feed failed: " + feedFailure.get().getMessage())
                .auditLag(AUDIT_LAG_COUNTER, auditLag::value, metricsSettings.auditLagLimit())
                .build();
            metrics = MetricsExport.bind(metricsSettings, counters, pipeline.latency(), readiness)
                .gauge("horizon_ring_remaining_capacity", Tags.of("ring", "inbound"), () -> pipeline.ring().remainingCapacity());
        }
        self[0] = new OperatorSurface(secrets, secretAccess, credentials, counters, metrics);
        LOG.info("secrets from {}: {} key(s) listed", secrets.describe(), secrets.keys().size());
        return self[0];
    }

    /**
     * Starts serving metrics and listening for SIGHUP. After recovery.
     */
    void start()
    {
        sighup = ReloadOnSighup.install(this::reloadSecrets);
        if (metrics != null)
        {
            metrics.start();
            LOG.info("metrics on http://{}:{}/metrics (also /health, /ready)",
                metrics.address().getHostString(), metrics.address().getPort());
        }
        engineRunning = true;
    }

    /**
     * Re-reads the credentials, checks that every key held now is still there and non-empty, then
     * swaps the new set in. Key names only reach the log.
     */
    void reloadSecrets()
    {
        try
        {
            final Secrets.Rotation rotation = secrets.rotate(
                credentials, SecretsVerifier.requireKeys(List.copyOf(secrets.keys())), false);
            reloadsOk.increment();
            final List<String> shadowed = shadowedByEnvironment();
            if (shadowed.isEmpty())
            {
                LOG.info("secrets reloaded from {}: keys {}", rotation.source(), rotation.keys());
            }
            else
            {
                // Say it plainly: a rotation of these keys in the file changed nothing.
                LOG.warn("secrets reloaded from {}: keys {}; but the environment shadows {} (set as environment " +
                    "variables, which win over {}): their values in the file are NOT in use. Unset the variables " +
                    "and restart to use the file", rotation.source(), rotation.keys(), shadowed, credentials.credentialsFile());
            }
            final Consumer<Secrets> listener = afterRotation;
            if (listener != null)
            {
                listener.accept(secrets);
            }
        }
        catch (final RuntimeException ex)
        {
            reloadsFailed.increment();
            LOG.error("secrets reload refused, keeping the current set: {}", ex.getMessage());
        }
    }

    /**
     * @return key names the credentials file holds that an environment variable also sets (the
     *         environment wins, so the file's value is not the one in use).
     */
    private List<String> shadowedByEnvironment()
    {
        if (credentials.credentialsFile() == null)
        {
            return List.of();
        }
        final EnvironmentSecrets environment = new EnvironmentSecrets(credentials.environment(), credentials.mapping());
        return FileSecrets.load(credentials.credentialsFile()).keys().stream()
            .filter(key -> environment.lookup(key).isPresent()).sorted().toList();
    }

    /**
     * @param listener told after each successful rotation, on the reload's thread, so holders of
     *                 secrets read at start (alert sinks) can take the new values.
     */
    void afterSecretsRotate(final Consumer<Secrets> listener)
    {
        afterRotation = listener;
    }

    /**
     * @return the daemon's secrets.
     */
    Secrets secrets()
    {
        return secrets;
    }

    /**
     * @return where secret reads are audited: attach the audit log to it once it runs.
     */
    AuditedSecretAccess secretAccess()
    {
        return secretAccess;
    }

    /**
     * @return the metrics export, or {@code null} when turned off.
     */
    MetricsExport metrics()
    {
        return metrics;
    }

    /**
     * Stops serving and sampling. After the drain, before the counters file is unmapped. Idempotent.
     */
    @Override
    public void close()
    {
        engineRunning = false;
        if (sighup != null)
        {
            sighup.close();
            sighup = null;
        }
        // The audit log stops after this; a read from here on is logged and counted only.
        secretAccess.detach();
        if (metrics != null)
        {
            metrics.close();
        }
    }
}
