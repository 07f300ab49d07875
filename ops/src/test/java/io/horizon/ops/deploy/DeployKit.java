package io.horizon.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Where the deployment kit lives ({@code deploy/} at the repository root) and the few facts
 * of the build that it must agree with: the JVM flags in the root pom and the reactor's
 * modules.
 * <p>
 * Stateless; any thread.
 */
final class DeployKit
{
    private DeployKit()
    {
    }

    /**
     * @return the repository root: the first directory at or above the working directory that
     * holds both {@code pom.xml} and {@code deploy/}.
     */
    static Path root()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null)
        {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("deploy")))
            {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root with deploy/ above " + Path.of("").toAbsolutePath());
    }

    /**
     * @param relative a path inside {@code deploy/}, e.g. {@code systemd/horizon.service}.
     * @return the absolute path.
     */
    static Path deploy(final String relative)
    {
        return root().resolve("deploy").resolve(relative);
    }

    /**
     * @param file a text file.
     * @return its content, UTF-8.
     */
    static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /**
     * @param file a YAML file whose top level is a mapping.
     * @return it, parsed with snakeyaml's safe constructor (plain maps, lists and scalars).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(final Path file)
    {
        final Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
        if (!(document instanceof Map))
        {
            throw new IllegalStateException(file + " is not a YAML mapping");
        }
        return (Map<String, Object>)document;
    }

    /**
     * @param node a parsed YAML or JSON mapping.
     * @param key  a key.
     * @return its value as a mapping; fails the test naming the key when it is something else.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(final Object node, final String key)
    {
        final Object value = ((Map<String, Object>)node).get(key);
        if (!(value instanceof Map))
        {
            throw new AssertionError("'" + key + "' is not a mapping: " + value);
        }
        return (Map<String, Object>)value;
    }

    /**
     * @param node a parsed YAML mapping.
     * @param key  a key.
     * @return its value as a list; fails the test naming the key when it is something else.
     */
    @SuppressWarnings("unchecked")
    static List<Object> list(final Object node, final String key)
    {
        final Object value = ((Map<String, Object>)node).get(key);
        if (!(value instanceof List))
        {
            throw new AssertionError("'" + key + "' is not a list: " + value);
        }
        return (List<Object>)value;
    }

    /**
     * @return the flags in the root pom's {@code <horizon.jvm.flags>}, in order: the one list
     * every launcher, the image and the unit must carry.
     */
    static List<String> pomJvmFlags()
    {
        final String flags = rootPom().getElementsByTagName("horizon.jvm.flags").item(0).getTextContent().trim();
        return Arrays.asList(flags.split("\\s+"));
    }

    /**
     * @return the module directories the root pom lists, in order.
     */
    static List<String> reactorModules()
    {
        final NodeList modules = rootPom().getElementsByTagName("module");
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++)
        {
            names.add(modules.item(i).getTextContent().trim());
        }
        return names;
    }

    private static Document rootPom()
    {
        try
        {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot parse the root pom.xml", ex);
        }
    }
}
