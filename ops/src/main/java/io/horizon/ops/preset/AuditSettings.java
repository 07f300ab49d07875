package io.horizon.ops.preset;

import java.nio.file.Path;

/**
 * The preset's {@code [audit]} table: where the daemon anchors its audit chain, and with which key.
 * <pre>
 * [audit]
 * anchors = "/var/lib/horizon-anchors"      # a directory outside the state directory (refused inside it)
 * anchor_interval_s = 60                    # how often the chain head is signed, when it moved
 * signing_key_secret = "audit.signing_key"  # the named secret holding the Ed25519 PEM (never a file in the state)
 * anchor_to_log = true                      # also write each anchor line to the log
 * public_key = "/etc/horizon/audit_signing_key.pub.pem"   # what horizon audit verify --preset pins
 * </pre>
 * Immutable; any thread.
 *
 * @param anchors          the anchors directory, or null when the daemon writes no anchors.
 * @param anchorIntervalMs how often the head is anchored.
 * @param signingKeySecret the secret's name.
 * @param anchorToLog      also log each anchor line (to the log and whatever ships it).
 * @param publicKey        the pinned public key for verify, or null.
 */
public record AuditSettings(Path anchors, long anchorIntervalMs, String signingKeySecret, boolean anchorToLog, Path publicKey)
{
    /** The default secret name: environment {@code AUDIT_SIGNING_KEY} or {@code HORIZON_AUDIT_SIGNING_KEY}. */
    public static final String DEFAULT_SECRET = "audit.signing_key";

    /** No anchors: what a preset without {@code [audit]} gets. */
    public static final AuditSettings NONE = new AuditSettings(null, 60_000, DEFAULT_SECRET, false, null);
}
