package io.horizon.ops.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.audit.PostgresAuditStore;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.retention.AnchorLocation;
import io.horizon.journal.retention.AuditAnchors;
import io.horizon.journal.retention.AuditSigningKey;
import io.horizon.journal.sqlite.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit anchor}: signs a finished day's last sequence and hash into the anchors
 * file, so a cut-off tail is detectable.
 */
@Command(
    name = "anchor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Write a signed daily anchor: the sequence and hash of the last audit event of a finished",
        "UTC day, appended to --anchors, a file outside the state directory. horizon audit verify",
        "--anchors then fails if the store ever ends before an anchored sequence or disagrees with",
        "its hash. Copy the anchors file off the host.",
        "",
        "The Ed25519 key is --signing-key (a file outside the state directory), else",
        "$" + AuditSigningKey.ENVIRONMENT_VARIABLE + " (PEM text: the secret audit.signing_key). Make one with",
        "horizon audit keygen. The running daemon also anchors its chain head on an interval to",
        "[audit] anchors in its preset; this verb adds daily anchors by hand.",
        "With --postgres it anchors one writer's chain (--writer ID): keep one anchors file per",
        "writer, and verify it with horizon audit verify --postgres --writer ID --anchors FILE.",
        "",
        "Examples:",
        "  horizon audit anchor --signing-key /etc/horizon/audit_signing_key.pem --anchors /mnt/worm/anchors.jsonl",
        "  horizon audit anchor --day 2026-11-28 --state /var/lib/horizon --anchors /mnt/worm/anchors.jsonl",
        "  horizon audit anchor --postgres --writer desk-a --anchors /mnt/worm/desk-a/audit_anchors.jsonl",
        "",
        "Options:"
    })
public final class AuditAnchorCommand implements Callable<Integer>
{
    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--day", paramLabel = "DATE", defaultValue = "yesterday",
        description = "The UTC day to anchor: YYYY-MM-DD or yesterday. Default: ${DEFAULT-VALUE}")
    String day;

    @Option(names = "--anchors", paramLabel = "PATH", required = true,
        description = "The anchors file, outside the state directory, e.g. /var/lib/horizon-anchors/audit_anchors.jsonl.")
    Path anchors;

    @Option(names = "--signing-key", paramLabel = "PEM", description = "The Ed25519 key file (PRIVATE KEY and PUBLIC KEY blocks).")
    Path signingKey;

    @Override
    public Integer call()
    {
        store.requireConsistent();
        final Instant now = Instant.now();
        final LocalDate date = parseDay(day, now);
        // On PostgreSQL an anchors file holds one writer's chain: the daemon's state directory is
        // still where neither the key nor the anchors may live.
        final Path dir = store.postgres ? (store.state != null ? store.state : StoreOptions.DEFAULT_STATE).toAbsolutePath().normalize() :
            store.file(AuditStore.FILE_NAME).toAbsolutePath().getParent();
        try (AuditStore store = openStore())
        {
            final AuditSigningKey key = AuditSigningKey.resolve(signingKey, dir);
            if (AnchorLocation.isInside(anchors, dir))
            {
                throw new IllegalArgumentException("--anchors " + anchors + " is inside the state directory " + dir + ", where " +
                    "whoever can cut the audit log can cut the anchors too; name a file outside it, e.g. " +
                    "/var/lib/horizon-anchors/" + AuditAnchors.FILE_NAME);
            }
            final Path file = anchors;
            final AuditAnchors.Anchor anchor = AuditAnchors.anchor(store, file, date, key, now);
            System.out.println((anchor.appended() ? "anchored " : "already anchored ") + date + ": sequence " + anchor.sequence() +
                ", hash " + anchor.hash() + " in " + file + " (key " + AuditSigningKey.keyId(key.publicKey()) + ")");
        }
        return 0;
    }

    private AuditStore openStore()
    {
        if (store.postgres)
        {
            final PostgresTarget target = store.postgresTarget();
            return PostgresAuditStore.openExisting(target.forWriter(store.requireWriter("horizon audit anchor")));
        }
        return AuditStore.openExisting(store.file(AuditStore.FILE_NAME), SqliteFile.Access.READ);
    }

    static LocalDate parseDay(final String text, final Instant now)
    {
        if (text.equalsIgnoreCase("yesterday"))
        {
            return now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        }
        try
        {
            return LocalDate.parse(text.trim());
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("--day '" + text + "' is not a day; write YYYY-MM-DD (UTC), e.g. 2026-11-28, or yesterday");
        }
    }
}
