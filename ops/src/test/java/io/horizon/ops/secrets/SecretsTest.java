package io.horizon.ops.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The providers, the facade's reads and their audit, the credentials file's refusal rules, and
 * rotation's load-verify-swap.
 */
final class SecretsTest
{
    private static final String CANARY = "canary-7f3a9c-DO-NOT-LEAK";

    @TempDir
    Path dir;

    private final List<String> audited = new ArrayList<>();
    private final SecretAccessAudit audit = (key, found, actor) -> audited.add(key + "|" + found + "|" + actor);

    static Path credentials(final Path dir, final String name, final String... lines) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void shouldMapDottedKeysToEnvironmentNamesPreferringThePrefixedOneAndExplicitMappings()
    {
        final EnvironmentSecrets env = new EnvironmentSecrets(
            Map.of("ALPACA_KEY", "plain", "HORIZON_ALPACA_SECRET", "prefixed", "ALPACA_SECRET", "plain2", "APCA_ID", "mapped"),
            Map.of("alpaca.id", "APCA_ID"));
        assertEquals("plain", env.lookup("alpaca.key").orElseThrow());
        assertEquals("prefixed", env.lookup("alpaca.secret").orElseThrow());
        assertEquals("mapped", env.lookup("alpaca.id").orElseThrow());
        assertTrue(env.lookup("alpaca.other").isEmpty());
        assertEquals("ALPACA_API_KEY", SecretKeys.toEnvironmentName("alpaca.api-key"));
    }

    @Test
    void shouldReadACredentialsFileWithCommentsExportsQuotesAndDottedKeys() throws IOException
    {
        final Path file = credentials(dir, "credentials.env",
            "# Alpaca paper account", "", "export ALPACA_KEY=\"k1\"", "alpaca.secret = 's=1'", "PAGERDUTY_ROUTING_KEY=abc");
        final FileSecrets secrets = FileSecrets.load(file);
        assertEquals("k1", secrets.lookup("alpaca.key").orElseThrow());
        assertEquals("s=1", secrets.lookup("alpaca.secret").orElseThrow());
        assertEquals(List.of("alpaca.key", "alpaca.secret", "pagerduty.routing.key"), List.copyOf(secrets.keys()));
        assertEquals("abc", secrets.lookup("pagerduty.routing_key").orElseThrow());
    }

    @Test
    void shouldRefuseACredentialsFileItsGroupOrOthersCanRead() throws IOException
    {
        final Path file = credentials(dir, "credentials.env", "ALPACA_KEY=" + CANARY);
        for (final String mode : List.of("rw-r-----", "rw----r--", "rw--w----", "rwx---r-x"))
        {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            final SecretsException ex = assertThrows(SecretsException.class, () -> FileSecrets.load(file));
            assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
            assertTrue(ex.getMessage().contains("has permissions " + mode), ex.getMessage());
            assertTrue(ex.getMessage().contains("Fix: chmod 600 " + file), ex.getMessage());
            assertFalse(ex.getMessage().contains(CANARY));
        }
    }

    @Test
    void shouldRefuseACredentialsFileOwnedByAnotherUser() throws IOException
    {
        final Path file = credentials(dir, "credentials.env", "ALPACA_KEY=" + CANARY);
        final UserPrincipal nobody;
        try
        {
            nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        }
        catch (final IOException ex)
        {
            Assumptions.abort("cannot give a file to user 'nobody' here (needs root): " + ex.getClass().getSimpleName());
            return;
        }
        final SecretsException ex = assertThrows(SecretsException.class, () -> FileSecrets.load(file));
        assertTrue(ex.getMessage().contains("is owned by 'nobody', not by '" + System.getProperty("user.name") + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("chown"), ex.getMessage());
        assertFalse(ex.getMessage().contains(CANARY));
    }

    @Test
    void shouldNameTheLineButNeverQuoteItWhenACredentialsFileIsMalformed() throws IOException
    {
        final Path file = credentials(dir, "credentials.env", "# ok", "ALPACA_KEY " + CANARY);
        final SecretsException ex = assertThrows(SecretsException.class, () -> FileSecrets.load(file));
        assertEquals("credentials file " + file + " line 2: expected KEY=VALUE (the line is not shown: it may hold a secret)",
            ex.getMessage());
        final Path missing = dir.resolve("nope.env");
        assertTrue(assertThrows(SecretsException.class, () -> FileSecrets.load(missing)).getMessage()
            .contains("credentials file " + missing + " does not exist"));
    }

    @Test
    void shouldAuditEveryReadByKeyNameAndNeverShowAValue() throws IOException
    {
        final Secrets secrets = new Secrets(FileSecrets.load(credentials(dir, "c.env", "ALPACA_KEY=" + CANARY, "EMPTY_ONE=")),
            audit, "daemon");
        final Secret key = secrets.require("alpaca.key");
        assertEquals(CANARY, key.reveal());
        assertEquals("Secret[alpaca.key=****]", key.toString());
        assertTrue(secrets.has("alpaca.key"));
        assertTrue(secrets.get("alpaca.secret").isEmpty());
        final SecretsException missing = assertThrows(SecretsException.class, () -> secrets.require("alpaca.secret"));
        assertTrue(missing.getMessage().startsWith("secret 'alpaca.secret' is missing in file "), missing.getMessage());
        assertTrue(missing.getMessage().contains("ALPACA_SECRET=..."), missing.getMessage());
        final SecretsException empty = assertThrows(SecretsException.class, () -> secrets.require("empty.one"));
        assertTrue(empty.getMessage().startsWith("secret 'empty.one' is empty"), empty.getMessage());

        assertEquals(List.of("alpaca.key|true|daemon", "alpaca.key|true|daemon", "alpaca.secret|false|daemon",
            "alpaca.secret|false|daemon", "empty.one|false|daemon"), audited);
        for (final String line : audited)
        {
            assertFalse(line.contains(CANARY));
        }
    }

    @Test
    void shouldSwapAVerifiedSetAtomicallyAndKeepTheOldOneOnFailureOrDryRun() throws IOException
    {
        final Path file = credentials(dir, "c.env", "ALPACA_KEY=old", "ALPACA_SECRET=old-secret");
        final CredentialsLoader loader = new CredentialsLoader(file, Map.of(), Map.of());
        final Secrets secrets = new Secrets(loader.get(), audit, "daemon");
        final SecretsVerifier verifier = SecretsVerifier.requireKeys(List.of("alpaca.key", "alpaca.secret"));

        credentials(dir, "c.env", "ALPACA_KEY=new", "ALPACA_SECRET=new-secret");
        final Secrets.Rotation dry = secrets.rotate(loader, verifier, true);
        assertFalse(dry.swapped());
        assertEquals("old", secrets.require("alpaca.key").reveal());

        credentials(dir, "c.env", "ALPACA_KEY=half-rotated");
        final SecretsException refused = assertThrows(SecretsException.class, () -> secrets.rotate(loader, verifier, false));
        assertTrue(refused.getMessage().contains("missing or empty secret(s): alpaca.secret"), refused.getMessage());
        assertEquals("old", secrets.require("alpaca.key").reveal());
        assertEquals("old-secret", secrets.require("alpaca.secret").reveal());

        credentials(dir, "c.env", "ALPACA_KEY=new", "ALPACA_SECRET=new-secret");
        assertTrue(secrets.rotate(loader, verifier, false).swapped());
        assertEquals("new", secrets.require("alpaca.key").reveal());
        assertEquals("new-secret", secrets.require("alpaca.secret").reveal());
        assertTrue(audited.contains("alpaca.secret|false|daemon"), "the verifier's reads are audited too: " + audited);
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFile() throws IOException
    {
        final Path file = credentials(dir, "c.env", "ALPACA_KEY=from-file", "ALPACA_SECRET=file-secret");
        final SecretSource source = new CredentialsLoader(file, Map.of("HORIZON_ALPACA_KEY", "from-env"), Map.of()).get();
        assertEquals("from-env", source.lookup("alpaca.key").orElseThrow());
        assertEquals("file-secret", source.lookup("alpaca.secret").orElseThrow());
        assertEquals("environment", source.origin("alpaca.key"));
        assertEquals("file " + file, source.origin("alpaca.secret"));
    }
}
