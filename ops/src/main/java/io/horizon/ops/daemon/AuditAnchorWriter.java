package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.ChainLink;
import io.horizon.journal.retention.AnchorLocation;
import io.horizon.journal.retention.AuditAnchors;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.retention.SignedLog;
import io.horizon.ops.preset.AuditSettings;
import io.horizon.ops.secrets.EnvironmentSecrets;
import io.horizon.ops.secrets.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the audit chain's head on an interval into the anchors directory the preset names
 * ({@code [audit] anchors}), which must lie outside the state directory: a line with the last
 * committed sequence, its hash and the time, signed with the Ed25519 key held by the secrets
 * provider ({@code [audit] signing_key_secret}). The head is the audit flusher's own view of what
 * it committed, not a re-read of {@code audit.db}. A line is written only when the head moved,
 * and once more at stop, after the final flush; with {@code anchor_to_log} each line is also
 * logged. {@code horizon audit verify --anchors DIR --public-key FILE} then fails when the chain is
 * shorter than, or disagrees with, an anchor.
 * <p>
 * At start the store is compared with the newest anchor, and a disagreement is logged as an error
 * (verify will fail on it); the daemon keeps trading.
 * <p>
 * Threading: {@link #open} and {@link #stop} from the daemon's owner thread; anchors are written
 * on its own thread ({@code horizon-audit-anchors}).
 */
public final class AuditAnchorWriter
{
    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchorWriter.class);

    private final Path file;
    private final AuditSigningKey key;
    private final Supplier<ChainLink> head;
    private final boolean toLog;
    private final String storeName;
    private final ScheduledExecutorService timer;
    private ChainLink anchored;
    private boolean failing;

    private AuditAnchorWriter(
        final Path file, final AuditSigningKey key, final Supplier<ChainLink> head, final boolean toLog, final String storeName)
    {
        this.file = file;
        this.storeName = storeName;
        this.key = key;
        this.head = head;
        this.toLog = toLog;
        this.timer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "horizon-audit-anchors");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks the settings and the key, before the daemon goes live: an anchors directory inside the
     * state directory, a missing secret, or a key kept in a credentials file inside the state
     * directory stops the start with a message that names the fix.
     *
     * @param settings        the preset's {@code [audit]} table.
     * @param stateDirectory  the state directory.
     * @param credentialsFile the credentials file the secrets were loaded from (default one included), or null.
     * @param secrets         the daemon's secrets.
     * @return the key and the anchors file, or null when the preset names no anchors directory.
     * @throws IllegalArgumentException naming the setting and the fix.
     */
    public static Prepared prepare(
        final AuditSettings settings, final Path stateDirectory, final Path credentialsFile, final Secrets secrets)
    {
        if (settings.anchors() == null)
        {
            LOG.warn("[audit] anchors is not set: the audit chain is not anchored outside the state directory, so horizon " +
                "audit verify cannot show a cut tail or a rebuilt chain; set [audit] anchors to a directory outside {}", stateDirectory);
            return null;
        }
        final Path file = AnchorLocation.anchorsFile(settings.anchors(), stateDirectory, "[audit] anchors");
        final String name = settings.signingKeySecret();
        final boolean fromEnvironment = EnvironmentSecrets.ofProcess().lookup(name).filter(v -> !v.isEmpty()).isPresent();
        final String pem = secrets.require(name).reveal();
        if (!fromEnvironment && credentialsFile != null && AnchorLocation.isInside(credentialsFile, stateDirectory))
        {
            throw new IllegalArgumentException("the audit signing key (secret '" + name + "') comes from " + credentialsFile +
                ", inside the state directory, where whoever can rewrite the audit log could sign anchors for it; provide it " +
                "from outside: the environment (systemd LoadCredential=), or a --credentials file outside " + stateDirectory);
        }
        return new Prepared(file, AuditSigningKey.parse(pem, "secret '" + name + "'"), settings.anchorToLog(),
            settings.anchorIntervalMs());
    }

    /**
     * A checked configuration, ready to start.
     *
     * @param file       the anchors file.
     * @param key        the signing key.
     * @param toLog      also log each line.
     * @param intervalMs how often the head is anchored.
     */
    public record Prepared(Path file, AuditSigningKey key, boolean toLog, long intervalMs)
    {
        @Override
        public String toString()
        {
            return "anchors " + file + " (key " + AuditSigningKey.keyId(key.publicKey()) + ", every " + intervalMs + " ms)";
        }
    }

    /**
     * Compares the store with the newest anchor, then starts anchoring.
     *
     * @param prepared what {@link #prepare} checked.
     * @param store    the live audit store (read once, for the comparison).
     * @param head     the flusher's committed head.
     * @return the running writer.
     */
    public static AuditAnchorWriter start(final Prepared prepared, final AuditStore store, final Supplier<ChainLink> head)
    {
        final AuditAnchorWriter writer = new AuditAnchorWriter(prepared.file(), prepared.key(), head, prepared.toLog(), store.name());
        writer.checkNewest(store);
        writer.timer.scheduleWithFixedDelay(writer::anchorNow, prepared.intervalMs(), prepared.intervalMs(), TimeUnit.MILLISECONDS);
        LOG.info("audit chain head anchored to {} every {} s (key {})", prepared.file(), prepared.intervalMs() / 1000,
            AuditSigningKey.keyId(prepared.key().publicKey()));
        return writer;
    }

    private void checkNewest(final AuditStore store)
    {
        try
        {
            final List<String> lines = SignedLog.lines(file);
            if (lines.isEmpty())
            {
                return;
            }
            final Map<String, Object> newest = SignedLog.fields(lines.get(lines.size() - 1));
            if (!(newest.get("last_sequence") instanceof Long) || !(newest.get("last_hash") instanceof String))
            {
                LOG.error("the newest anchor in {} names no sequence and hash; run horizon audit verify", file);
                return;
            }
            final long sequence = (Long)newest.get("last_sequence");
            final ChainLink tail = store.tail();
            final AuditEvent event = sequence > store.base().sequence() ? store.event(sequence) : null;
            if (sequence > tail.sequence() || (sequence > store.base().sequence() && (event == null ||
                !event.hash().equals(newest.get("last_hash")))))
            {
                LOG.error("the audit log {} disagrees with its newest anchor in {} (sequence {}, the store ends at {}): it was " +
                    "cut or rewritten while the daemon was down; run horizon audit verify --anchors {}", store.location(), file,
                    sequence, tail.sequence(), file.getParent());
            }
            else
            {
                anchored = sequence == tail.sequence() ? tail : null;
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("cannot compare the audit log with its anchors in {}: {}", file, ex.getMessage());
        }
    }

    /**
     * Signs the head if it moved since the last anchor. Any thread, one at a time.
     */
    synchronized void anchorNow()
    {
        final ChainLink now = head.get();
        if (now == null || now.equals(anchored) || now.sequence() == 0)
        {
            return;
        }
        try
        {
            final String line = AuditAnchors.anchorHead(file, now, storeName, key, Instant.now());
            anchored = now;
            if (failing)
            {
                failing = false;
                LOG.info("audit anchors are written to {} again", file);
            }
            if (toLog)
            {
                LOG.info("audit anchor {}", line);
            }
        }
        catch (final RuntimeException ex)
        {
            if (!failing)
            {
                failing = true;
                LOG.error("cannot write the audit anchor to {}: {}; retrying every interval", file, ex.getMessage());
            }
        }
    }

    /**
     * Stops the timer and anchors the final head. Call after the audit log's final flush.
     */
    public void stop()
    {
        timer.shutdownNow();
        try
        {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        anchorNow();
    }
}
