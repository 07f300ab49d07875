package io.horizon.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code horizon audit}: the audit log's verbs. The daemon copies the journal into
 * {@code STATE/audit.db}; these read, check, export and prune it.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
        "The audit log: every order event, kill switch, control and dead letter, copied from the",
        "journal into STATE/audit.db as a SHA-256 hash chain that SQLite triggers keep append-only.",
        "",
        "Examples:",
        "  horizon audit verify --anchors /var/lib/horizon-anchors --public-key audit.pub.pem --require-anchors",
        "  horizon audit stats --since 24h",
        "  horizon audit replay --market AAPL --category order.filled --limit 20",
        "  horizon audit export --format csv --out audit.csv",
        "  horizon audit keygen --out /etc/horizon/audit_signing_key.pem",
        "  horizon audit enforce-retention --keep 7y --reason \"policy R-12\" --dry-run",
        "",
        "Every verb takes --state DIR (default ./state) or --db PATH and explains itself with --help.",
        ""
    },
    subcommands = {
        AuditVerifyCommand.class,
        AuditStatsCommand.class,
        AuditReplayCommand.class,
        AuditExportCommand.class,
        AuditAnchorCommand.class,
        AuditRetentionCommand.class,
        AuditKeygenCommand.class,
        AuditSchemaUpgradeCommand.class,
        AuditMigrateCommand.class
    })
public final class AuditCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
