package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.horizon.journal.retention.AnchorLocation;
import io.horizon.journal.retention.AuditSigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon audit keygen}: makes the Ed25519 key that signs anchors and destruction receipts,
 * outside the state directory, mode 600 from the moment the file exists.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Make the Ed25519 audit signing key: the private key file (PRIVATE KEY and PUBLIC KEY PEM",
        "blocks, created with mode 600, never with wider permissions) and its public half in a",
        "second file to give auditors. The key must not live in the state directory: hand it to",
        "the daemon as the secret audit.signing_key (e.g. systemd LoadCredential= into",
        "HORIZON_AUDIT_SIGNING_KEY) and pin the public file in horizon audit verify --public-key.",
        "",
        "Example:",
        "  horizon audit keygen --out /etc/horizon/audit_signing_key.pem",
        "",
        "Options:"
    })
public final class AuditKeygenCommand implements Callable<Integer>
{
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The private key file to create; must not exist.")
    Path out;

    @Option(names = "--public-out", paramLabel = "FILE", description = "The public key file. Default: --out with .pub.pem.")
    Path publicOut;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "The daemon's state directory, which the key must stay out of. Default: ${DEFAULT-VALUE}")
    Path state;

    @Override
    public Integer call()
    {
        if (AnchorLocation.isInside(out, state))
        {
            throw new IllegalArgumentException("--out " + out + " is inside the state directory " + state + ", where whoever can " +
                "rewrite the audit log could also sign for it; write the key elsewhere, e.g. --out /etc/horizon/audit_signing_key.pem");
        }
        final String name = out.getFileName().toString();
        final Path pub = publicOut != null ? publicOut :
            out.resolveSibling((name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name) + ".pub.pem");
        final AuditSigningKey key = AuditSigningKey.generate();
        key.writeNew(out, pub);
        System.out.println("audit signing key " + AuditSigningKey.keyId(key.publicKey()) + " written to " + out +
            " (mode 600); give auditors " + pub);
        return 0;
    }
}
