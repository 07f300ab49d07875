package io.horizon.ops.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits secret reads as log lines ({@code secret.access key=alpaca.key found=true actor=daemon})
 * until the audit log takes them over. Key names only, never values.
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
