package io.horizon.ops.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM flags Agrona and Chronicle need live in one place, {@code <horizon.jvm.flags>} in
 * the root pom, and are copied to every place that starts a JVM outside Maven: the container
 * image, the systemd unit and {@code bin/horizon}. A copy that drifts shows up here, not as a
 * daemon that fails in production with {@code IllegalAccessError}.
 */
final class JvmFlagsTest
{
    private static final Pattern BASH_ARRAY = Pattern.compile("(?s)\\nflags=\\(\\n(.*?)\\n\\)");

    @Test
    void shouldCarryThePomFlagsInTheContainerImage()
    {
        final ParsedDockerfile dockerfile = ParsedDockerfile.parse(DeployKit.read(DeployKit.deploy("Dockerfile")));
        final String options = dockerfile.env(dockerfile.finalStage(), "JAVA_TOOL_OPTIONS");
        assertTrue(options != null, "the runtime stage sets JAVA_TOOL_OPTIONS");
        assertEquals(DeployKit.pomJvmFlags(), Arrays.asList(options.split("\\s+")),
            "deploy/Dockerfile JAVA_TOOL_OPTIONS must equal <horizon.jvm.flags> in pom.xml");
    }

    @Test
    void shouldCarryThePomFlagsInTheSystemdUnitBeforeTheJar()
    {
        final SystemdUnit unit = SystemdUnit.parse(DeployKit.read(DeployKit.deploy("systemd/horizon.service")));
        final List<String> execStart = unit.execStart();
        final int jar = execStart.indexOf("-jar");
        assertTrue(jar > 0, "ExecStart runs java -jar: " + execStart);
        final List<String> flags = new ArrayList<>();
        for (final String word : execStart.subList(1, jar))
        {
            if (word.startsWith("--add-") || word.startsWith("-Dchronicle") || word.startsWith("--enable-native-access") ||
                word.startsWith("--sun-misc") || word.startsWith("-XX:-DontCompileHugeMethods"))
            {
                flags.add(word);
            }
        }
        assertEquals(DeployKit.pomJvmFlags(), flags,
            "deploy/systemd/horizon.service ExecStart must carry <horizon.jvm.flags> from pom.xml");
    }

    @Test
    void shouldCarryThePomFlagsInTheLauncherScript()
    {
        final Matcher m = BASH_ARRAY.matcher(DeployKit.read(DeployKit.root().resolve("bin/horizon")));
        assertTrue(m.find(), "bin/horizon declares flags=( ... )");
        final List<String> flags = new ArrayList<>();
        for (final String line : m.group(1).split("\n"))
        {
            flags.add(line.strip());
        }
        assertEquals(DeployKit.pomJvmFlags(), flags, "bin/horizon flags=( ) must equal <horizon.jvm.flags> in pom.xml");
    }
}
