package io.horizon.ops.cli;

import java.util.concurrent.Callable;

import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code horizon audit schema-upgrade --postgres}: applies the PostgreSQL audit log's schema
 * migrations as the role that owns the schema, so daemons can connect as a role that may only
 * append. The CLI's thread.
 */
@Command(
    name = "schema-upgrade",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Bring the PostgreSQL audit log's schema up to this release: every versioned migration the",
        "database lacks, each in one transaction. Run it as the schema's owner (horizon_owner in",
        "deploy/postgres/roles.sql) before daemons of a new release start; a daemon whose role may not",
        "change the schema refuses to start until it is done. A database migrated by a newer release is",
        "refused. With a single role that owns the schema (a test setup), the daemon does this itself.",
        "",
        "Examples:",
        "  horizon audit schema-upgrade --postgres --credentials /etc/horizon/audit-owner.env",
        "",
        "Options:"
    })
public final class AuditSchemaUpgradeCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Override
    public Integer call()
    {
        if (!store.postgres)
        {
            throw new IllegalArgumentException("schema-upgrade applies to the PostgreSQL audit log only; add --postgres " +
                "(audit.db is upgraded in place by the daemon)");
        }
        final PostgresTarget target = store.postgresTarget();
        final int version = PostgresAuditStore.upgradeSchema(target);
        System.out.println(target.safeUrl() + ": Horizon audit schema version " + version);
        return 0;
    }
}
