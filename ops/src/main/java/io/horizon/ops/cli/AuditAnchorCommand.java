package io.horizon.ops.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import io.horizon.journal.audit.AuditStore;
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
        "",
        "Examples:",
        "  horizon audit anchor --signing-key /etc/horizon/audit_signing_key.pem --anchors /mnt/worm/anchors.jsonl",
        "  horizon audit anchor --day 2026-11-28 --state /var/lib/horizon --anchors /mnt/worm/anchors.jsonl",
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
        store.requireSqliteOnly("horizon audit anchor", "the daemon anchors its own chain ([audit] anchors)");
        final Path db = store.file(AuditStore.FILE_NAME);
        final Instant now = Instant.now();
        final LocalDate date = parseDay(day, now);
        final Path dir = db.toAbsolutePath().getParent();
        try (AuditStore store = AuditStore.openExisting(db, SqliteFile.Access.READ))
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
