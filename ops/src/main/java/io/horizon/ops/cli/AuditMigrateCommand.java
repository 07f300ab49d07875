package io.horizon.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.journal.migrate.SqliteToPostgres;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.ops.daemon.RunningDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit migrate --to postgres}: moves a stopped daemon's {@code audit.db} and
 * {@code dlq.db} into the PostgreSQL database under its writer id, keeping every sequence and hash.
 * The CLI's thread.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Move a daemon's audit log and dead-letter queue from its state directory (audit.db, dlq.db)",
        "into the PostgreSQL database named by the secrets audit.postgres_url, _user and _password,",
        "under its writer id (the daemon.id its preset will carry). Every event keeps its sequence,",
        "id, time and hash, so the chain verifies there as it did here; the flushers' journal",
        "positions move with them, so the daemon, restarted with [audit] backend = \"postgres\", copies",
        "the rest of its journal exactly once. The source must verify; the daemon must be stopped. A",
        "copy that stopped half-way is resumed by running it again. audit.db stays as it was.",
        "A chain retention has cut moves with its signed receipts, recorded through the database's",
        "retention function, so it needs a role that may run it (--retention-credentials, the",
        "horizon_retention role's file); events a legal hold kept below the cut are refused.",
        "",
        "Examples:",
        "  horizon audit migrate --to postgres --state /var/lib/horizon --writer desk-a \\",
        "      --credentials /etc/horizon/credentials.env --retention-credentials /etc/horizon/retention.env",
        "",
        "Options:"
    })
public final class AuditMigrateCommand implements Callable<Integer>
{
    @Option(names = "--to", paramLabel = "BACKEND", required = true, description = "Where to: postgres.")
    String to;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--retention-credentials", paramLabel = "FILE",
        description = "For a chain retention has cut: the audit.postgres_* secrets of a role that may run " +
            "horizon_audit_remove_expired (horizon_retention). Default: the --credentials ones.")
    Path retentionCredentials;

    @Override
    public Integer call()
    {
        if (!"postgres".equals(to))
        {
            throw new IllegalArgumentException("--to " + to + " is not a backend to migrate to; use --to postgres");
        }
        store.postgres = true;
        final String writer = store.requireWriter("audit migrate");
        final Path state = store.file("audit.db").toAbsolutePath().normalize().getParent();
        if (RunningDaemon.isRunning(state))
        {
            throw new IllegalArgumentException("a Horizon daemon is running on " + state + "; stop it first, then migrate, " +
                "then start it with [audit] backend = \"postgres\" and daemon.id = \"" + writer + "\"");
        }
        final PostgresTarget target = store.postgresTarget();
        if (retentionCredentials != null && !Files.isRegularFile(retentionCredentials))
        {
            throw new IllegalArgumentException("--retention-credentials " + retentionCredentials + " is not a file; name the " +
                "credentials file of the horizon_retention role");
        }
        final PostgresTarget retention = retentionCredentials == null ? target :
            StoreOptions.postgresTarget(retentionCredentials, writer);
        if (!retention.url().equals(target.url()))
        {
            throw new IllegalArgumentException("--retention-credentials " + retentionCredentials + " names " + retention.safeUrl() +
                ", not the database of --credentials (" + target.safeUrl() + "); give both files the same audit.postgres_url");
        }
        final SqliteToPostgres.Outcome o = SqliteToPostgres.migrate(state, target, retention, System.err::println);
        System.out.println("migrated " + state + " into " + target.safeUrl() + " as writer " + writer + ": " + o.events() +
            " audit events copied (chain verified up to sequence " + o.lastSequence() + "), " + o.deadLetters() +
            " dead letters; start the daemon with [audit] backend = \"postgres\" and daemon.id = \"" + writer + "\"");
        return 0;
    }
}
