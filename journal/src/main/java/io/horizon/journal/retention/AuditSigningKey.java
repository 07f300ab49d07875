package io.horizon.journal.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code PUBLIC KEY} (X.509). It comes from the secrets configuration (the PEM text in the
 * environment variable {@value #ENVIRONMENT_VARIABLE}), from a file, or, failing both, is
 * generated once into {@code audit_signing_key.pem} (mode 600) next to the audit store, with the
 * public half alone in {@code audit_signing_key.pub.pem} for auditors. Every signed line carries
 * the public key and its id (the first 16 hex digits of the SHA-256 of its X.509 encoding), so a
 * verifier can check it; auditors pin the published public key.
 * <p>
 * Immutable; any thread (each signature uses its own {@link Signature}).
 */
public final class AuditSigningKey
{
    /** Environment variable the secrets configuration can put the key's PEM text in. */
    public static final String ENVIRONMENT_VARIABLE = "HORIZON_AUDIT_SIGNING_KEY";
    /** Generated key file, next to the audit store. */
    public static final String KEY_FILE = "audit_signing_key.pem";
    /** Its public half, for auditors. */
    public static final String PUBLIC_KEY_FILE = "audit_signing_key.pub.pem";

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditSigningKey(final PrivateKey privateKey, final PublicKey publicKey)
    {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Finds the key: the given file, else the environment variable, else the generated file next
     * to the store (creating it on first use).
     *
     * @param keyFile   a key file the operator named, or null.
     * @param directory the audit store's directory.
     * @param created   told the path of a newly generated key file.
     * @return the key.
     * @throws StoreException when the key cannot be read or written.
     */
    public static AuditSigningKey resolve(final Path keyFile, final Path directory, final java.util.function.Consumer<Path> created)
    {
        if (keyFile != null)
        {
            return load(keyFile);
        }
        final String fromSecrets = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromSecrets != null && !fromSecrets.isBlank())
        {
            return parse(fromSecrets, "$" + ENVIRONMENT_VARIABLE);
        }
        final Path generated = directory.resolve(KEY_FILE);
        if (Files.exists(generated))
        {
            return load(generated);
        }
        final AuditSigningKey key = generate();
        key.write(generated, directory.resolve(PUBLIC_KEY_FILE));
        created.accept(generated);
        return key;
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

    private void write(final Path keyFile, final Path publicFile)
    {
        try
        {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Files.writeString(keyFile, pem("PRIVATE KEY", privateKey.getEncoded()) + publicPem(), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try
            {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            }
            catch (final UnsupportedOperationException ignore)
            {
                // Not a POSIX file system; the file keeps the directory's default permissions.
            }
            Files.writeString(publicFile, publicPem(), StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
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
