package io.horizon.journal.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.journal.sqlite.StoreException;

/**
 * The Ed25519 key that signs destruction receipts and daily anchors, using the JDK's own
 * Ed25519 (no library).
 * <p>
 * The key is two PEM blocks, as {@code openssl} writes them: {@code PRIVATE KEY} (PKCS#8) and
 * {@code PUBLIC KEY} (X.509). It comes from the secrets provider (the named secret
 * {@code audit.signing_key}; for CLI verbs the PEM text in the environment variable
 * {@value #ENVIRONMENT_VARIABLE}) or from a file outside the state directory; it is never
 * generated or kept next to the audit store. {@code horizon audit keygen} makes one (mode 600
 * from creation) with its public half in a separate file for auditors. Every signed line carries
 * the public key and its id (the first 16 hex digits of the SHA-256 of its X.509 encoding), so a
 * verifier can check it; auditors pin the published public key.
 * <p>
 * Immutable; any thread (each signature uses its own {@link Signature}).
 */
public final class AuditSigningKey
{
    /** Environment variable the secrets configuration can put the key's PEM text in. */
    public static final String ENVIRONMENT_VARIABLE = "HORIZON_AUDIT_SIGNING_KEY";

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditSigningKey(final PrivateKey privateKey, final PublicKey publicKey)
    {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Finds the key for a CLI verb: the given file, else the PEM text in the environment variable
     * {@value #ENVIRONMENT_VARIABLE} (how the secrets configuration provides the named secret
     * {@code audit.signing_key}). Nothing is generated: a key made beside the audit store would be
     * readable by whoever can rewrite the store.
     *
     * @param keyFile        a key file the operator named, or null.
     * @param stateDirectory the state directory the key must not be in.
     * @return the key.
     * @throws IllegalArgumentException naming the file when it is inside the state directory, or
     *                                  saying how to provide a key when there is none.
     * @throws StoreException           when the key cannot be read.
     */
    public static AuditSigningKey resolve(final Path keyFile, final Path stateDirectory)
    {
        if (keyFile != null)
        {
            if (AnchorLocation.isInside(keyFile, stateDirectory))
            {
                throw new IllegalArgumentException("--signing-key " + keyFile + " is inside the state directory " + stateDirectory +
                    ", where whoever can rewrite the audit log could also sign for it; keep the key outside it " +
                    "(e.g. /etc/horizon/audit_signing_key.pem, mode 600) or provide it as the secret audit.signing_key");
            }
            return load(keyFile);
        }
        final String fromSecrets = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromSecrets != null && !fromSecrets.isBlank())
        {
            return parse(fromSecrets, "$" + ENVIRONMENT_VARIABLE);
        }
        throw new IllegalArgumentException("no audit signing key: pass --signing-key FILE (kept outside the state directory), " +
            "or set " + ENVIRONMENT_VARIABLE + " to its PEM text (the secret audit.signing_key); make one with " +
            "horizon audit keygen --out /etc/horizon/audit_signing_key.pem");
    }

    /**
     * @return a new key.
     */
    public static AuditSigningKey generate()
    {
        try
        {
            final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new AuditSigningKey(pair.getPrivate(), pair.getPublic());
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JVM has no Ed25519, which Java 15 and later provide", ex);
        }
    }

    /**
     * @param file a PEM file with a {@code PRIVATE KEY} and a {@code PUBLIC KEY} block.
     * @return the key.
     * @throws StoreException naming the file when it cannot be read or holds no Ed25519 key pair.
     */
    public static AuditSigningKey load(final Path file)
    {
        try
        {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        }
        catch (final IOException ex)
        {
            throw new StoreException("cannot read signing key " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param pem  PEM text with both blocks.
     * @param from where it came from, for messages.
     * @return the key.
     * @throws StoreException when the text holds no Ed25519 key pair.
     */
    public static AuditSigningKey parse(final String pem, final String from)
    {
        byte[] privateDer = null;
        byte[] publicDer = null;
        final Matcher m = PEM.matcher(pem);
        while (m.find())
        {
            final byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (m.group(1).equals("PRIVATE KEY"))
            {
                privateDer = der;
            }
            else if (m.group(1).equals("PUBLIC KEY"))
            {
                publicDer = der;
            }
        }
        if (privateDer == null || publicDer == null)
        {
            throw new StoreException("signing key " + from + " must hold an Ed25519 PRIVATE KEY and its PUBLIC KEY as PEM blocks " +
                "(openssl genpkey -algorithm ed25519 -out k.pem; openssl pkey -in k.pem -pubout >> k.pem)");
        }
        try
        {
            final KeyFactory keys = KeyFactory.getInstance("Ed25519");
            final AuditSigningKey key = new AuditSigningKey(
                keys.generatePrivate(new PKCS8EncodedKeySpec(privateDer)), keys.generatePublic(new X509EncodedKeySpec(publicDer)));
            final byte[] probe = "horizon signing key check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(key.publicKey, probe, key.sign(probe)))
            {
                throw new StoreException("signing key " + from + ": the PUBLIC KEY block is not the public half of the PRIVATE KEY");
            }
            return key;
        }
        catch (final GeneralSecurityException | IllegalArgumentException ex)
        {
            throw new StoreException("signing key " + from + " is not an Ed25519 key pair: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param pem PEM text with a {@code PUBLIC KEY} block (an auditor's pinned key).
     * @return the public key.
     * @throws StoreException when there is none.
     */
    public static PublicKey parsePublic(final String pem, final String from)
    {
        final Matcher m = PEM.matcher(pem);
        while (m.find())
        {
            if (m.group(1).equals("PUBLIC KEY"))
            {
                return decodePublic(Base64.getMimeDecoder().decode(m.group(2)), from);
            }
        }
        throw new StoreException("public key " + from + " holds no PUBLIC KEY block");
    }

    /**
     * @param der an X.509 encoded Ed25519 public key.
     * @return the key.
     * @throws StoreException when it is not one.
     */
    public static PublicKey decodePublic(final byte[] der, final String from)
    {
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new StoreException("public key " + from + " is not an Ed25519 public key: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param message the bytes to sign.
     * @return the 64-byte Ed25519 signature.
     */
    public byte[] sign(final byte[] message)
    {
        try
        {
            final Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("Ed25519 signing failed", ex);
        }
    }

    /**
     * @return true when the signature is the key's over the message.
     */
    public static boolean verify(final PublicKey key, final byte[] message, final byte[] signatureBytes)
    {
        try
        {
            final Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        }
        catch (final GeneralSecurityException ex)
        {
            return false;
        }
    }

    /**
     * @return the public half.
     */
    public PublicKey publicKey()
    {
        return publicKey;
    }

    /**
     * @param key a public key.
     * @return its id: the first 16 hex digits of the SHA-256 of its X.509 encoding.
     */
    public static String keyId(final PublicKey key)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
    }

    /**
     * @return the public key as a PEM block.
     */
    public String publicPem()
    {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /**
     * Writes a new key: the private file is created with mode 600 from the start (never with the
     * umask's permissions, not even for a moment) and must not exist yet; the public half goes
     * alone into {@code publicFile}, for auditors.
     *
     * @param keyFile    the private key file (PRIVATE KEY and PUBLIC KEY blocks).
     * @param publicFile the public key file.
     * @throws StoreException naming the file when it exists or cannot be written.
     */
    public void writeNew(final Path keyFile, final Path publicFile)
    {
        try
        {
            final Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            try (java.nio.channels.SeekableByteChannel out = Files.newByteChannel(keyFile,
                java.util.Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
            {
                final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(
                    (pem("PRIVATE KEY", privateKey.getEncoded()) + publicPem()).getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining())
                {
                    out.write(bytes);
                }
            }
            Files.writeString(publicFile, publicPem(), StandardCharsets.US_ASCII);
        }
        catch (final java.nio.file.FileAlreadyExistsException ex)
        {
            throw new StoreException("signing key " + keyFile + " exists already; choose another --out, or keep using it");
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new StoreException("cannot write signing key " + keyFile + ": " + ex.getMessage(), ex);
        }
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }
}
