package io.horizon.journal.audit;

import java.security.SecureRandom;

import io.horizon.engine.order.ClientOrderIdGenerator;
import io.horizon.engine.order.ClientOrderIds;

/**
 * Event ids for the audit log: ULIDs (26 Crockford base32 characters), from the wall clock and a
 * {@link SecureRandom} seed, strictly increasing within a process. The ULID itself comes from the
 * engine's client order id generator and codec, so there is one ULID implementation in Horizon;
 * only the {@code hzn_} prefix is left off.
 * <p>
 * Audit ids are not part of the deterministic engine: they are made at the store, at the edge.
 * <p>
 * Threading: one thread per instance (each {@link AuditChainSealer} owns one).
 */
public final class AuditEventIds
{
    private final ClientOrderIdGenerator generator = new ClientOrderIdGenerator(new SecureRandom().nextLong());
    private final StringBuilder text = new StringBuilder(ClientOrderIds.LENGTH);

    /**
     * @return the next id.
     */
    public String next()
    {
        generator.next(System.currentTimeMillis());
        text.setLength(0);
        ClientOrderIds.appendTo(text, generator.hi(), generator.lo());
        return text.substring(ClientOrderIds.PREFIX.length());
    }
}
