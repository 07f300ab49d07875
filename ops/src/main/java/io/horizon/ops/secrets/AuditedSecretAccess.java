package io.horizon.ops.secrets;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import io.horizon.journal.audit.AuditTime;
import io.horizon.journal.json.JsonObjectWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits secret reads as {@code secret.access} events in the audit log (key name and whether it
 * was found, never the value), and keeps {@link LoggedSecretAccess}'s log line.
 * <p>
 * The daemon reads secrets before its audit log starts (the operator surface opens first), so
 * until {@link #attach} hands over the audit log's out-of-band path (the daemon's
 * {@code AuditFlusher#record}, or a CLI verb's store) reads are buffered, each with the time it
 * happened. The buffer holds {@link #bufferLimit()} reads; any beyond are counted, logged, and
 * reported on attach by one {@code secret.access} warning that says how many were not recorded.
 * After {@link #detach} (the audit log is stopping) a read is logged and counted the same way.
 * <p>
 * Threading: {@link #secretAccessed} from any thread (it never throws); {@link #attach} and
 * {@link #detach} from the owner's thread. The sink is called under this object's lock, so it
 * must be quick and must not read secrets.
 */
public final class AuditedSecretAccess implements SecretAccessAudit
{
    /** Reads kept before the audit log is attached. */
    public static final int DEFAULT_BUFFER = 1_024;

    private static final Logger LOG = LoggerFactory.getLogger(AuditedSecretAccess.class);

    private final SecretAccessAudit log = new LoggedSecretAccess();
    private final int bufferLimit;
    private final Queue<AuditDraft> early = new ArrayDeque<>();
    private Consumer<AuditDraft> audit;
    private boolean detached;
    private long unrecorded;

    /**
     * Buffers up to {@value #DEFAULT_BUFFER} reads before {@link #attach}.
     */
    public AuditedSecretAccess()
    {
        this(DEFAULT_BUFFER);
    }

    /**
     * @param bufferLimit reads kept before {@link #attach}; at least 1.
     */
    public AuditedSecretAccess(final int bufferLimit)
    {
        if (bufferLimit < 1)
        {
            throw new IllegalArgumentException("bufferLimit must be at least 1, was " + bufferLimit);
        }
        this.bufferLimit = bufferLimit;
    }

    @Override
    public void secretAccessed(final String key, final boolean found, final String actor)
    {
        log.secretAccessed(key, found, actor);
        final AuditDraft draft = AuditDraft.of(AuditCategory.SECRET_ACCESS, AuditSeverity.INFO)
            .timestampNanos(AuditTime.nowNanos())
            .actor(actor)
            .message("secret " + key + (found ? " read" : " looked up, not present"))
            .payload(new JsonObjectWriter().begin()
                .field("key", key)
                .field("found", found)
                .finish());
        synchronized (this)
        {
            if (audit != null)
            {
                deliver(draft);
            }
            else if (!detached && early.size() < bufferLimit)
            {
                early.add(draft);
            }
            else
            {
                if (unrecorded++ == 0)
                {
                    LOG.warn("secret.access of {} not recorded in the audit log: {}; the log line above stands for it, " +
                        "and further misses are counted", key, detached ? "the audit log has stopped" :
                        "more than " + bufferLimit + " reads before the audit log started");
                }
            }
        }
    }

    /**
     * Hands over the audit log: writes the buffered reads, oldest first, then a warning event if
     * any were lost, and sends every later read straight to it.
     *
     * @param audit the audit log's out-of-band path; must not throw for a well-formed event.
     */
    public synchronized void attach(final Consumer<AuditDraft> audit)
    {
        this.audit = audit;
        detached = false;
        for (AuditDraft d; (d = early.poll()) != null; )
        {
            deliver(d);
        }
        if (unrecorded > 0)
        {
            LOG.warn("{} secret read(s) were not recorded in the audit log (buffer of {} full before it started); " +
                "their key names are in this log", unrecorded, bufferLimit);
            deliver(AuditDraft.of(AuditCategory.SECRET_ACCESS, AuditSeverity.WARNING)
                .timestampNanos(AuditTime.nowNanos())
                .actor("system")
                .message(unrecorded + " secret read(s) before the audit log started were not recorded here (buffer of " +
                    bufferLimit + " full); their key names are in the daemon's log")
                .payload(new JsonObjectWriter().begin()
                    .field("unrecorded", unrecorded)
                    .field("buffer", bufferLimit)
                    .finish()));
            unrecorded = 0;
        }
    }

    /**
     * Stops writing to the audit log (it is stopping); later reads are logged and counted only.
     */
    public synchronized void detach()
    {
        audit = null;
        detached = true;
    }

    /**
     * @return reads kept before {@link #attach}.
     */
    public int bufferLimit()
    {
        return bufferLimit;
    }

    /**
     * @return reads buffered and waiting for {@link #attach}.
     */
    public synchronized int buffered()
    {
        return early.size();
    }

    /**
     * @return reads not recorded in the audit log since the last {@link #attach} (buffer full or detached).
     */
    public synchronized long unrecorded()
    {
        return unrecorded;
    }

    private void deliver(final AuditDraft draft)
    {
        try
        {
            audit.accept(draft);
        }
        catch (final RuntimeException ex)
        {
            // A read never fails because its audit did; the message names the store, never a value.
            unrecorded++;
            LOG.error("secret.access not recorded in the audit log: {}", ex.getMessage());
        }
    }
}
