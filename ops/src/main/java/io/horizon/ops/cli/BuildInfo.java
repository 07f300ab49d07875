package io.horizon.ops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and commit this build was made from, read from the jar's
 * {@code version.properties}.
 * <p>
 * Immutable; any thread.
 */
public final class BuildInfo
{
    private static final Properties PROPERTIES = load();

    private BuildInfo()
    {
    }

    private static Properties load()
    {
        final Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/horizon/ops/version.properties"))
        {
            if (in != null)
            {
                p.load(in);
            }
        }
        catch (final IOException ignore)
        {
            // Reported as "unknown" below.
        }
        return p;
    }

    /**
     * @return the Maven version, or {@code unknown}.
     */
    public static String version()
    {
        return clean(PROPERTIES.getProperty("version"));
    }

    /**
     * @return the git commit the launcher built from, or {@code unknown}.
     */
    public static String commit()
    {
        return clean(PROPERTIES.getProperty("commit"));
    }

    private static String clean(final String value)
    {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}
