package io.horizon.journal.retention;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

import io.horizon.journal.json.JsonObjectReader;

/**
 * One signed JSON line, as in {@code destruction.jsonl} and the anchors file:
 * <pre>
 * {"field":...,...,"key_id":"...","public_key":"BASE64 X.509","signature":"BASE64 Ed25519"}
 * </pre>
 * The signature covers the UTF-8 bytes of the same line with the {@code ,"signature":"..."} member
 * removed, that is {@code {"field":...,...,"public_key":"..."}} exactly as written. To check one by
 * hand: cut the signature member, base64-decode it, and verify with the published public key
 * ({@code openssl pkeyutl -verify -pubin -inkey audit_signing_key.pub.pem -rawin -in line -sigfile sig}).
 * <p>
 * Stateless; any thread.
 */
public final class SignedLine
{
    private static final String SIGNATURE_MEMBER = ",\"signature\":\"";

    private SignedLine()
    {
    }

    /**
     * @param unsigned a one-line JSON object that ends with the {@code key_id} and
     *                 {@code public_key} members of the signing key.
     * @param key      the signing key.
     * @return the line with its signature member appended.
     */
    public static String sign(final String unsigned, final AuditSigningKey key)
    {
        if (!unsigned.endsWith("}") || unsigned.indexOf('\n') >= 0)
        {
            throw new IllegalArgumentException("a signed line must be one JSON object on one line");
        }
        final byte[] signature = key.sign(unsigned.getBytes(StandardCharsets.UTF_8));
        return unsigned.substring(0, unsigned.length() - 1) + SIGNATURE_MEMBER + Base64.getEncoder().encodeToString(signature) + "\"}";
    }

    /**
     * Checks a line's signature with the public key it carries and, when given, that this is the
     * pinned key.
     *
     * @param line   the line.
     * @param pinned the key an auditor trusts, or null to trust the one in the line.
     * @return null when the signature holds, else what is wrong.
     */
    public static String problem(final String line, final PublicKey pinned)
    {
        final int at = line.lastIndexOf(SIGNATURE_MEMBER);
        if (at < 0 || !line.endsWith("\"}"))
        {
            return "it carries no signature";
        }
        final Map<String, Object> fields;
        try
        {
            fields = JsonObjectReader.read(line);
        }
        catch (final IllegalArgumentException ex)
        {
            return "it is not a JSON object";
        }
        final String unsigned = line.substring(0, at) + "}";
        final Object publicKeyText = fields.get("public_key");
        final Object signatureText = fields.get("signature");
        if (!(publicKeyText instanceof String) || !(signatureText instanceof String))
        {
            return "it carries no public key";
        }
        final PublicKey key;
        final byte[] signature;
        try
        {
            key = AuditSigningKey.decodePublic(Base64.getDecoder().decode((String)publicKeyText), "in the line");
            signature = Base64.getDecoder().decode((String)signatureText);
        }
        catch (final RuntimeException ex)
        {
            return "its public key or signature is not valid base64: " + ex.getMessage();
        }
        if (pinned != null && !AuditSigningKey.keyId(pinned).equals(AuditSigningKey.keyId(key)))
        {
            return "it is signed with key " + AuditSigningKey.keyId(key) + ", not the pinned key " + AuditSigningKey.keyId(pinned);
        }
        if (!AuditSigningKey.verify(key, unsigned.getBytes(StandardCharsets.UTF_8), signature))
        {
            return "its signature does not match its content: the line was altered";
        }
        return null;
    }
}
