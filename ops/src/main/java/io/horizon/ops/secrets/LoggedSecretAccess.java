package io.horizon.ops.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits secret reads as log lines ({@code secret.access key=alpaca.key found=true actor=system}).
 * Key names only, never values. {@link AuditedSecretAccess} keeps this line and also writes the
 * read to the audit log.
 * <p>
 * Stateless; any thread.
 */
public final class LoggedSecretAccess implements SecretAccessAudit
{
    private static final Logger LOG = LoggerFactory.getLogger("io.horizon.audit.secret");

    @Override
    public void secretAccessed(final String key, final boolean found, final String actor)
    {
        LOG.info("{} key={} found={} actor={}", CATEGORY, key, found, actor);
    }
}
