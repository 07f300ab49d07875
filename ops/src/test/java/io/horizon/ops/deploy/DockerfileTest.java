package io.horizon.ops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horizon.ops.cli.HorizonCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks deploy/Dockerfile without a container engine: its stages, the cached dependency
 * layer, the non-root runtime stage with its volume, port, health check and entry point, and
 * the build argument for optional modules. The jlink runtime itself is built and run by
 * {@link JlinkRuntimeIT}; the JVM flags are compared by {@link JvmFlagsTest}.
 */
final class DockerfileTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ParsedDockerfile dockerfile = ParsedDockerfile.parse(DeployKit.read(DeployKit.deploy("Dockerfile")));

    @Test
    void shouldBuildWithMavenAndAJdkInABuilderStageAndRunOnASlimImage()
    {
        assertTrue(dockerfile.stages() >= 2, "multi-stage: a builder and a runtime stage");
        final String builder = dockerfile.from(0);
        assertTrue(builder.matches("maven:[\\w.]+-eclipse-temurin-17 AS build"),
            "the builder is a pinned Maven + Temurin 17 image named 'build', as the jlink runtime must match release 17: " + builder);
        final String runtime = dockerfile.from(dockerfile.finalStage());
        assertFalse(runtime.matches("(?i).*(maven|jdk|temurin|openjdk|gradle).*"),
            "the runtime stage must not start from an image with a build toolchain: " + runtime);
        assertTrue(runtime.contains(":") && !runtime.endsWith(":latest"), "pin the runtime base image: " + runtime);
    }

    @Test
    void shouldResolveDependenciesInTheirOwnLayerFromEveryModulePomBeforeCopyingSources()
    {
        final List<String> builderSteps = new ArrayList<>();
        for (final ParsedDockerfile.Instruction i : dockerfile.instructions())
        {
            if (i.stage() == 0)
            {
                builderSteps.add(i.keyword() + " " + i.argument());
            }
        }
        final int goOffline = indexOf(builderSteps, "RUN mvn", "dependency:go-offline");
        final int copySources = builderSteps.indexOf("COPY . .");
        assertTrue(goOffline >= 0, "the builder resolves dependencies with dependency:go-offline: " + builderSteps);
        assertTrue(copySources > goOffline, "the sources are copied after the dependency layer: " + builderSteps);
        // Maven reads every module's pom, so each one must be in the dependency layer.
        final List<String> pomCopies = builderSteps.subList(0, goOffline);
        assertTrue(pomCopies.contains("COPY pom.xml ./"), "the root pom is copied first: " + pomCopies);
        for (final String module : DeployKit.reactorModules())
        {
            assertTrue(pomCopies.contains("COPY " + module + "/pom.xml " + module + "/"),
                "the dependency layer lacks module '" + module + "': add `COPY " + module + "/pom.xml " + module +
                    "/` before the go-offline step, or the image build fails");
        }
    }

    @Test
    void shouldBuildOptionalModulesNamedByABuildArgumentThatDefaultsToCoreOnly()
    {
        assertEquals("", dockerfile.argDefault(0, "HORIZON_MODULES"), "ARG HORIZON_MODULES=\"\" means core only");
        final String build = findRun(0, "package");
        assertTrue(build.contains("-pl \"ops${HORIZON_MODULES:+,${HORIZON_MODULES}}\" -am package"),
            "the package step builds ops plus the optional modules: " + build);
        assertTrue(build.contains("-DskipTests"), "tests run in CI, not in the image build: " + build);
        assertTrue(dockerfile.argDefault(0, "JLINK_EXTRA_MODULES") != null, "ARG JLINK_EXTRA_MODULES for optional modules' JDK needs");
    }

    @Test
    void shouldRunAsHorizonWithUidAndGid1000AndStateInAVolume()
    {
        final int last = dockerfile.finalStage();
        final String users = String.join(" && ", dockerfile.arguments(last, "RUN"));
        assertTrue(users.contains("groupadd --gid 1000 horizon"), "group horizon, gid 1000: " + users);
        assertTrue(users.matches(".*useradd --uid 1000 --gid horizon .*horizon.*"), "user horizon, uid 1000: " + users);
        assertTrue(users.contains("chown horizon:horizon /state"), "/state belongs to horizon: " + users);
        assertTrue(users.contains("chmod 0700 /state"), "/state is private to horizon: " + users);
        assertEquals(List.of("horizon:horizon"), dockerfile.arguments(last, "USER"));
        assertEquals(List.of("[\"/state\"]"), dockerfile.arguments(last, "VOLUME"));
        assertEquals(List.of("/state"), dockerfile.arguments(last, "WORKDIR"));
    }

    @Test
    void shouldExposeTheMetricsPortOnAllInterfacesExplicitlyAndAskTheDaemonsHealthEvery30sFailingAfter3()
    {
        final int last = dockerfile.finalStage();
        assertEquals(List.of("9100"), dockerfile.arguments(last, "EXPOSE"));
        final List<String> healthchecks = dockerfile.arguments(last, "HEALTHCHECK");
        assertEquals(1, healthchecks.size(), "one HEALTHCHECK");
        final String healthcheck = healthchecks.get(0);
        assertTrue(Arrays.asList(healthcheck.split("\\s+")).containsAll(List.of("--interval=30s", "--retries=3")),
            "every 30 s, unhealthy after 3 failures: " + healthcheck);
        assertFalse(healthcheck.contains("version"), "the daemon is asked, not horizon version: " + healthcheck);
        assertTrue(healthcheck.contains("/dev/tcp/127.0.0.1/9100") && healthcheck.contains("GET /health") &&
            healthcheck.contains("' 200 '"), "GET /health on the metrics port must answer 200: " + healthcheck);
        // The daemon binds 127.0.0.1 by default; the image says 0.0.0.0 so Prometheus can scrape it.
        assertEquals("0.0.0.0", dockerfile.env(last, "HORIZON_METRICS_BIND"));
    }

    @Test
    void shouldStartTheDaemonOnTheStateVolumeWithArgumentsTheRealCliAccepts() throws Exception
    {
        final int last = dockerfile.finalStage();
        assertEquals(List.of("[\"horizon\"]"), dockerfile.arguments(last, "ENTRYPOINT"));
        final String[] cmd = JSON.readValue(dockerfile.arguments(last, "CMD").get(0), String[].class);
        assertEquals(List.of("run", "--state", "/state"), List.of(cmd));
        // Throws ParameterException when the CLI does not accept them.
        new CommandLine(new HorizonCommand()).parseArgs(cmd);
    }

    @Test
    void shouldShipTheLauncherAndTheJlinkRuntimeButNoBuildTools()
    {
        final int last = dockerfile.finalStage();
        final List<String> copies = dockerfile.arguments(last, "COPY");
        final Pattern copy = Pattern.compile("(--from=build )?(\\S+) (\\S+)");
        boolean launcher = false;
        for (final String c : copies)
        {
            final Matcher m = copy.matcher(c);
            assertTrue(m.matches(), "unexpected COPY form: " + c);
            if (m.group(1) != null)
            {
                assertTrue(m.group(2).startsWith("/out/"), "the runtime stage takes only the build outputs from /out: " + c);
            }
            else
            {
                final Path source = DeployKit.root().resolve(m.group(2));
                assertTrue(Files.isRegularFile(source), "COPY source missing from the build context: " + source);
                assertTrue(Files.isExecutable(source), "the launcher must be executable in git: " + source);
                launcher |= m.group(3).equals("/usr/local/bin/horizon");
            }
        }
        assertTrue(launcher, "the image puts the `horizon` command on the PATH: " + copies);
        assertTrue(copies.contains("--from=build /out/jre /opt/horizon/jre"), "the jlink runtime: " + copies);
        for (final String run : dockerfile.arguments(last, "RUN"))
        {
            assertFalse(run.matches("(?s).*\\b(apt-get|apk|yum|dnf)\\b.*"), "the runtime stage installs no packages: " + run);
        }
        assertEquals("/opt/horizon", dockerfile.env(last, "HORIZON_HOME"));
    }

    @Test
    void shouldKeepBuildOutputsGitAndLocalStateOutOfTheBuildContext()
    {
        final List<String> ignored = Arrays.asList(DeployKit.read(DeployKit.deploy("Dockerfile.dockerignore")).split("\n"));
        for (final String pattern : List.of(".git", "**/target", "state", ".env", "**/.env", "**/*.env"))
        {
            assertTrue(ignored.contains(pattern), "Dockerfile.dockerignore must ignore " + pattern);
        }
    }

    @Test
    void shouldParseContinuationsCommentsAndStagesAsABuilderDoes()
    {
        // The checks above are only as good as this parser: a continued RUN with a comment inside
        // it, quoted ENV values, and the stage each instruction belongs to.
        final ParsedDockerfile planted = ParsedDockerfile.parse(String.join("\n",
            "FROM maven:3 AS build",
            "ARG HORIZON_MODULES=\"\"",
            "RUN mvn \\",
            "# a comment inside a continuation",
            "    package",
            "FROM debian:bookworm-slim",
            "ENV A=1 JAVA_TOOL_OPTIONS=\"-Da=b -Dc=d\"",
            "EXPOSE 9200"));
        assertEquals(2, planted.stages());
        assertEquals(List.of("mvn package"), planted.arguments(0, "RUN"));
        assertEquals("", planted.argDefault(0, "HORIZON_MODULES"));
        assertEquals("-Da=b -Dc=d", planted.env(1, "JAVA_TOOL_OPTIONS"));
        assertEquals(List.of("9200"), planted.arguments(1, "EXPOSE"));
    }

    private String findRun(final int stage, final String containing)
    {
        for (final String run : dockerfile.arguments(stage, "RUN"))
        {
            if (run.contains(containing))
            {
                return run;
            }
        }
        throw new AssertionError("no RUN containing '" + containing + "' in stage " + stage);
    }

    private static int indexOf(final List<String> steps, final String prefix, final String containing)
    {
        for (int i = 0; i < steps.size(); i++)
        {
            if (steps.get(i).startsWith(prefix) && steps.get(i).contains(containing))
            {
                return i;
            }
        }
        return -1;
    }
}
