package io.horizon.ops.cli;

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
        "",
        "Examples:",
        "  horizon audit migrate --to postgres --state /var/lib/horizon --writer desk-a \\",
        "      --credentials /etc/horizon/credentials.env",
        "",
        "Options:"
    })
public final class AuditMigrateCommand implements Callable<Integer>
{
    @Option(names = "--to", paramLabel = "BACKEND", required = true, description = "Where to: postgres.")
    String to;

    @Mixin
    StoreOptions store = new StoreOptions();

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
        final SqliteToPostgres.Outcome o = SqliteToPostgres.migrate(state, target, System.err::println);
        System.out.println("migrated " + state + " into " + target.safeUrl() + " as writer " + writer + ": " + o.events() +
            " audit events copied (chain verified up to sequence " + o.lastSequence() + "), " + o.deadLetters() +
            " dead letters; start the daemon with [audit] backend = \"postgres\" and daemon.id = \"" + writer + "\"");
        return 0;
    }
}
