package io.horizon.ops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's runtime, built here as the Dockerfile builds it: the Dockerfile's jlink command
 * is run as written (its module list from {@code ARG JLINK_MODULES}), the result is laid out
 * as in the image ({@code HORIZON_HOME} with {@code jre/}, {@code horizon.jar}, {@code lib/}),
 * and the image's launcher runs {@code horizon version} (the health check), a short
 * {@code horizon run} and {@code horizon replay --verify} on it with the image's
 * {@code JAVA_TOOL_OPTIONS}. Also checks that the module list is exactly what jdeps finds in
 * the real shaded jar plus the modules only reached at run time.
 * <p>
 * Runs after {@code package} (failsafe), because it needs ops/target/horizon.jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class JlinkRuntimeIT
{
    /**
     * Modules the jar reaches only by reflection or service lookup, so jdeps cannot see them,
     * with the reason each is in the image. {@link RuntimeModuleProbe} uses each one.
     */
    static final Map<String, String> RUNTIME_ONLY = Map.of(
        "jdk.compiler", "Chronicle compiles generated method readers and writers",
        "jdk.crypto.ec", "Ed25519 signatures and TLS ECDHE (SunEC on JDK 17)",
        "jdk.httpserver", "the /metrics, /health and /ready endpoints",
        "jdk.management", "com.sun.management beans behind the JVM metrics");

    private static final Pattern JLINK_OUTPUT = Pattern.compile("--output (\\S+)$");

    @TempDir
    Path home;

    private final Path jar = DeployKit.root().resolve("ops/target/horizon.jar");
    private final ParsedDockerfile dockerfile = ParsedDockerfile.parse(DeployKit.read(DeployKit.deploy("Dockerfile")));
    private Path javaHome;
    private int imageJdk;

    @BeforeAll
    void findTheJarAndTheImagesJdk()
    {
        assertTrue(Files.isRegularFile(jar), "run after package: no " + jar);
        final Matcher jdk = Pattern.compile("temurin-(\\d+)").matcher(dockerfile.from(0));
        assertTrue(jdk.find(), "the builder image names its JDK: " + dockerfile.from(0));
        imageJdk = Integer.parseInt(jdk.group(1));
        javaHome = Path.of(System.getProperty("java.home"));
    }

    /**
     * Each test, not the class, is skipped on another JDK, so that failsafe reports the skips.
     */
    private void requireTheImagesJdk()
    {
        Assumptions.assumeTrue(Runtime.version().feature() == imageJdk,
            "the image's runtime is JDK " + imageJdk + "; run this check on that JDK (running on " + Runtime.version() + ")");
        assertTrue(Files.isExecutable(javaHome.resolve("bin/jlink")), "a full JDK with jlink at " + javaHome);
    }

    @Test
    @Order(1)
    void shouldListExactlyTheModulesJdepsFindsPlusTheRuntimeOnlyOnes()
    {
        requireTheImagesJdk();
        final ExternalTool.Result jdeps = ExternalTool.run(DeployKit.root(), Map.of(), List.of(
            javaHome.resolve("bin/jdeps").toString(), "--print-module-deps", "--ignore-missing-deps", "--multi-release",
            String.valueOf(Runtime.version().feature()), jar.toString()));
        assertEquals(0, jdeps.exitCode(), jdeps.output());
        final String[] lines = jdeps.output().strip().split("\n");
        final Set<String> expected = new TreeSet<>(Arrays.asList(lines[lines.length - 1].strip().split(",")));
        expected.addAll(RUNTIME_ONLY.keySet());
        final Set<String> listed = new TreeSet<>(Arrays.asList(dockerfile.argDefault(0, "JLINK_MODULES").split(",")));

        final Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(listed);
        final Set<String> extra = new TreeSet<>(listed);
        extra.removeAll(expected);
        System.out.println("jlink modules: " + listed);
        assertTrue(missing.isEmpty(), "deploy/Dockerfile JLINK_MODULES lacks " + missing + ", which the jar needs (jdeps); add them");
        assertTrue(extra.isEmpty(), "deploy/Dockerfile JLINK_MODULES has " + extra + ", which neither jdeps nor " +
            "JlinkRuntimeIT.RUNTIME_ONLY accounts for; remove them, or add them to RUNTIME_ONLY with the reason");
    }

    @Test
    @Order(2)
    void shouldRunTheHealthCheckADaemonAndReplayVerifyOnTheImagesRuntime() throws Exception
    {
        requireTheImagesJdk();
        buildRuntime();
        // The health check runs beside the daemon every 30 s: it must not take the daemon's JVM options.
        final String version = horizon(Map.of("HORIZON_JAVA_OPTS", "-XX:+HorizonNoSuchOption"), "version");
        assertTrue(version.contains("horizon ") && version.contains("java 17"), version);

        final Path state = home.resolve("state");
        final String run = horizon("run", "--state", state.toString(), "--duration", "3s");
        assertTrue(run.contains("Horizon run summary"), run);
        final Matcher handlerErrors = Pattern.compile("handler errors\\s+(\\d+)").matcher(run);
        assertTrue(handlerErrors.find() && handlerErrors.group(1).equals("0"), "no handler errors:\n" + run);

        final String verify = horizon("replay", "--state", state.toString(), "--verify");
        assertTrue(verify.contains("verified "), verify);

        final ExternalTool.Result probe = ExternalTool.run(home, Map.of(), List.of(
            home.resolve("jre/bin/java").toString(), "-cp", DeployKit.root().resolve("ops/target/test-classes").toString(),
            RuntimeModuleProbe.class.getName()));
        assertEquals(0, probe.exitCode(), "a runtime-only module does not work on the jlink runtime:\n" + probe.output());
    }

    /**
     * Runs the Dockerfile's jlink RUN line, as written, with the output in this test's home.
     */
    private void buildRuntime()
    {
        String jlink = null;
        for (final String run : dockerfile.arguments(0, "RUN"))
        {
            if (run.startsWith("jlink "))
            {
                jlink = run;
            }
        }
        assertTrue(jlink != null, "the build stage runs jlink");
        final Matcher output = JLINK_OUTPUT.matcher(jlink);
        assertTrue(output.find(), "jlink writes --output last: " + jlink);
        final String command = jlink.substring(0, output.start()) + "--output \"$HORIZON_TEST_JRE\"";
        final ExternalTool.Result result = ExternalTool.run(home, Map.of(
            "PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"),
            "JLINK_MODULES", dockerfile.argDefault(0, "JLINK_MODULES"),
            "JLINK_EXTRA_MODULES", dockerfile.argDefault(0, "JLINK_EXTRA_MODULES"),
            "HORIZON_TEST_JRE", home.resolve("jre").toString()), List.of("sh", "-ec", command));
        assertEquals(0, result.exitCode(), command + "\n" + result.output());
    }

    private String horizon(final String... args) throws Exception
    {
        return horizon(Map.of(), args);
    }

    private String horizon(final Map<String, String> environment, final String... args) throws Exception
    {
        if (!Files.exists(home.resolve("horizon.jar")))
        {
            Files.copy(jar, home.resolve("horizon.jar"));
            Files.createDirectories(home.resolve("lib"));
        }
        final List<String> command = new ArrayList<>(List.of("sh", DeployKit.deploy("docker/horizon").toString()));
        command.addAll(List.of(args));
        final int last = dockerfile.finalStage();
        final Map<String, String> env = new HashMap<>(environment);
        env.put("HORIZON_HOME", home.toString());
        env.put("JAVA_TOOL_OPTIONS", dockerfile.env(last, "JAVA_TOOL_OPTIONS"));
        final ExternalTool.Result result = ExternalTool.run(home, env, command);
        assertEquals(0, result.exitCode(), "horizon " + String.join(" ", args) + " on the jlink runtime:\n" + result.output());
        // A module named in the JVM flags but missing from the runtime only warns; treat it as the failure it is.
        assertFalse(result.output().contains("WARNING: Unknown module"), result.output());
        assertFalse(result.output().contains("ClassNotFoundException") || result.output().contains("NoClassDefFoundError"),
            result.output());
        return result.output();
    }
}
