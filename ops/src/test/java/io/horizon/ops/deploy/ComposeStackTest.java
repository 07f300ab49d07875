package io.horizon.ops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks deploy/docker-compose.yml as {@code docker compose config} would, without an engine:
 * it parses; every service, named volume, mounted file, build argument and variable it names
 * exists; Horizon restarts on failure, mounts ./state at /state, reads .env and checks its
 * health; Prometheus keeps 30 days and loads the rules next to its config; Grafana listens on
 * 3000 with its admin password from .env. Also checks that deploy/.env.example documents every
 * variable and holds no secret.
 */
final class ComposeStackTest
{
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:[:?-][^}]*)?}");
    private static final Pattern SECRET = Pattern.compile(".*(KEY|SECRET|PASSWORD|TOKEN|WEBHOOK).*");

    private final Map<String, Map<String, Object>> services = services();

    @Test
    void shouldDefineHorizonPrometheusAndGrafanaAndOnlyNameThingsThatExist()
    {
        assertEquals(Set.of("horizon", "prometheus", "grafana", "postgres"), services.keySet());
        assertEquals(List.of("postgres"), services.get("postgres").get("profiles"),
            "PostgreSQL is optional: it starts only with docker compose --profile postgres");
        final Map<String, Object> compose = DeployKit.yaml(DeployKit.deploy("docker-compose.yml"));
        final Set<String> volumes = DeployKit.map(compose, "volumes").keySet();
        for (final Map.Entry<String, Map<String, Object>> service : services.entrySet())
        {
            for (final String volume : volumes(service.getValue()))
            {
                final String source = volume.split(":")[0];
                if (source.startsWith("."))
                {
                    if (!source.equals("./state"))
                    {
                        assertTrue(Files.exists(DeployKit.deploy(source)), service.getKey() + " mounts a missing " + source);
                    }
                }
                else
                {
                    assertTrue(volumes.contains(source), service.getKey() + " uses undeclared volume " + source);
                }
            }
            final Object dependsOn = service.getValue().get("depends_on");
            if (dependsOn != null)
            {
                for (final Object other : (List<?>)dependsOn)
                {
                    assertTrue(services.containsKey(other), service.getKey() + " depends on a missing service " + other);
                }
            }
            final String image = (String)service.getValue().get("image");
            if (!service.getValue().containsKey("build"))
            {
                assertTrue(image != null && image.matches("[\\w./-]+:v?\\d[\\w.-]*"),
                    service.getKey() + " must name an image pinned to a version: " + image);
            }
        }
    }

    @Test
    void shouldBuildHorizonFromTheDockerfileWithArgumentsItDeclares()
    {
        final Map<String, Object> build = DeployKit.map(services.get("horizon"), "build");
        final Path context = DeployKit.deploy((String)build.get("context")).normalize();
        assertEquals(DeployKit.root(), context, "the build context is the repository root");
        final Path dockerfile = context.resolve((String)build.get("dockerfile"));
        assertTrue(Files.isRegularFile(dockerfile), "missing " + dockerfile);
        final ParsedDockerfile parsed = ParsedDockerfile.parse(DeployKit.read(dockerfile));
        for (final String arg : DeployKit.map(build, "args").keySet())
        {
            assertTrue(parsed.argDefault(0, arg) != null, "build arg " + arg + " is not an ARG of the build stage");
        }
    }

    @Test
    void shouldRunHorizonWithARestartPolicyStateEnvFileAndHealthCheck()
    {
        final Map<String, Object> horizon = services.get("horizon");
        assertTrue(Set.of("on-failure", "unless-stopped", "always").contains(horizon.get("restart")), "restart policy");
        assertTrue(volumes(horizon).contains("./state:/state"), "./state mounted at /state");
        assertEquals(".env", horizon.get("env_file"));
        final Map<String, Object> health = DeployKit.map(horizon, "healthcheck");
        final List<?> test = (List<?>)health.get("test");
        assertEquals("CMD", test.get(0));
        assertTrue(String.join(" ", test.stream().map(String::valueOf).toList()).contains("GET /health"),
            "the health check asks the daemon's /health, not horizon version: " + test);
        assertEquals("0.0.0.0", DeployKit.map(horizon, "environment").get("HORIZON_METRICS_BIND"),
            "metrics bind 127.0.0.1 by default; the compose service says 0.0.0.0 for Prometheus");
        assertEquals("30s", health.get("interval"));
        assertEquals(3, health.get("retries"));
        final ParsedDockerfile dockerfile = ParsedDockerfile.parse(DeployKit.read(DeployKit.deploy("Dockerfile")));
        final String exposed = dockerfile.arguments(dockerfile.finalStage(), "EXPOSE").get(0);
        assertTrue(ports(horizon).stream().anyMatch(p -> p.endsWith(":" + exposed)), "publishes the exposed port " + exposed);
    }

    @Test
    void shouldKeepThirtyDaysOfMetricsAndLoadTheRulesNextToTheConfig()
    {
        final Map<String, Object> prometheus = services.get("prometheus");
        final List<?> command = (List<?>)prometheus.get("command");
        assertTrue(command.contains("--storage.tsdb.retention.time=30d"), "30-day retention: " + command);
        assertTrue(command.stream().noneMatch(f -> f.toString().startsWith("--web.enable-lifecycle")),
            "no HTTP shutdown or reload of Prometheus: " + command);
        String configPath = null;
        for (final Object flag : command)
        {
            if (flag.toString().startsWith("--config.file="))
            {
                configPath = flag.toString().substring("--config.file=".length());
            }
        }
        assertEquals(DeployKit.deploy("prometheus.yml").normalize(), bindSource("prometheus", configPath));
        final Path configDir = Path.of(configPath).getParent();
        for (final Object ruleFile : DeployKit.list(DeployKit.yaml(DeployKit.deploy("prometheus.yml")), "rule_files"))
        {
            final String inContainer = configDir.resolve(ruleFile.toString()).toString();
            assertEquals(DeployKit.deploy(ruleFile.toString()).normalize(), bindSource("prometheus", inContainer),
                "rule file " + ruleFile + " must be mounted next to the config, at " + inContainer);
        }
    }

    @Test
    void shouldRunEveryServiceReadOnlyWithMemoryAndPidsLimitsAndPublishOnlyOnLoopback()
    {
        for (final Map.Entry<String, Map<String, Object>> service : services.entrySet())
        {
            final Map<String, Object> s = service.getValue();
            assertEquals(Boolean.TRUE, s.get("read_only"), service.getKey() + " has a read-only root file system");
            assertTrue(s.get("mem_limit") != null, service.getKey() + " has a memory limit");
            assertTrue(s.get("pids_limit") instanceof Integer, service.getKey() + " has a pids limit");
            for (final String port : ports(s))
            {
                assertTrue(port.startsWith("127.0.0.1:"), service.getKey() + " publishes " + port + " beyond this host");
            }
        }
    }

    @Test
    void shouldScrapeTheComposeServiceThatRunsHorizonOnThePortTheImageExposes()
    {
        final ParsedDockerfile dockerfile = ParsedDockerfile.parse(DeployKit.read(DeployKit.deploy("Dockerfile")));
        final String exposed = dockerfile.arguments(dockerfile.finalStage(), "EXPOSE").get(0);
        for (final Object job : DeployKit.list(DeployKit.yaml(DeployKit.deploy("prometheus.yml")), "scrape_configs"))
        {
            if ("horizon".equals(((Map<?, ?>)job).get("job_name")))
            {
                for (final Object staticConfig : DeployKit.list(job, "static_configs"))
                {
                    for (final Object target : DeployKit.list(staticConfig, "targets"))
                    {
                        final String[] hostPort = target.toString().split(":");
                        assertTrue(services.containsKey(hostPort[0]), "scrape target " + target + " is not a compose service");
                        assertEquals(exposed, hostPort[1], "scrape target " + target + " is not the port the image exposes");
                    }
                }
                return;
            }
        }
        throw new AssertionError("deploy/prometheus.yml has no horizon scrape job");
    }

    @Test
    void shouldServeGrafanaOnPort3000WithTheAdminPasswordFromDotEnv()
    {
        final Map<String, Object> grafana = services.get("grafana");
        assertEquals(List.of("127.0.0.1:3000:3000"), ports(grafana), "Grafana on port 3000 of this host only");
        final Map<String, Object> environment = DeployKit.map(grafana, "environment");
        final Matcher m = VARIABLE.matcher(String.valueOf(environment.get("GF_SECURITY_ADMIN_PASSWORD")));
        assertTrue(m.matches() && m.group(1).equals("GRAFANA_ADMIN_PASSWORD"),
            "the admin password comes from .env: " + environment.get("GF_SECURITY_ADMIN_PASSWORD"));
        final String home = (String)environment.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertTrue(Files.isRegularFile(bindSource("grafana", home)), "the home dashboard " + home + " is mounted");
    }

    @Test
    void shouldMountAPresetForThePostgresProfileThatKeepsTheAuditLogThere()
    {
        assertTrue(volumes(services.get("horizon")).contains("./postgres/postgres.hz.toml:/etc/horizon/postgres.hz.toml:ro"));
        final Preset preset = PresetReader.read(DeployKit.deploy("postgres/postgres.hz.toml"), PresetOverrides.none());
        assertTrue(preset.audit().isPostgres(), "backend = postgres");
        assertEquals("compose-1", preset.audit().daemonId());
        assertTrue(envExample().containsKey("HORIZON_PRESET") && envExample().containsKey("HORIZON_AUDIT_POSTGRES_URL"));
    }

    @Test
    void shouldGiveThePostgresInitScriptEveryVariableItReadsAndKeepItsPresetInStepWithPaper() throws Exception
    {
        @SuppressWarnings("unchecked")
        final Map<String, Object> environment = (Map<String, Object>)services.get("postgres").get("environment");
        final String script = DeployKit.read(DeployKit.deploy("postgres/init/01-horizon-roles.sh"));
        final Matcher read = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)").matcher(script);
        final Set<String> missing = new TreeSet<>();
        while (read.find())
        {
            if (!environment.containsKey(read.group(1)))
            {
                missing.add(read.group(1));
            }
        }
        assertEquals(Set.of(), missing, "the init script runs inside the postgres container: only its environment reaches it");
        assertTrue(volumes(services.get("postgres")).contains(
            "./postgres/init/01-horizon-roles.sh:/docker-entrypoint-initdb.d/01-horizon-roles.sh:ro"));
        assertTrue(script.contains("/horizon/roles.sql") && volumes(services.get("postgres")).contains(
            "./postgres/roles.sql:/horizon/roles.sql:ro"), "the roles file it runs is mounted where it looks");

        final String paper;
        try (var in = ComposeStackTest.class.getResourceAsStream("/presets/paper.hz.toml"))
        {
            paper = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        final String postgres = DeployKit.read(DeployKit.deploy("postgres/postgres.hz.toml"));
        assertTrue(keys(postgres).startsWith(keys(paper)) && keys(postgres).substring(keys(paper).length())
                .equals("[daemon]\nid = \"compose-1\"\n[audit]\nbackend = \"postgres\"\n"),
            "postgres.hz.toml is the embedded paper preset plus [daemon] and [audit]: copy " +
                "ops/src/main/resources/presets/paper.hz.toml into it again");
    }

    /** @return a preset's lines without comments or blank lines: what it sets, not how it explains it. */
    private static String keys(final String preset)
    {
        final StringBuilder keys = new StringBuilder();
        for (final String line : preset.split("\n"))
        {
            final String setting = line.replaceAll("\\s+#.*$", "").strip();
            if (!setting.isEmpty() && !setting.startsWith("#"))
            {
                keys.append(setting).append('\n');
            }
        }
        return keys.toString();
    }

    @Test
    void shouldDocumentEveryVariableInDotEnvExampleWithoutASecretValue()
    {
        final Map<String, String> example = envExample();
        final Set<String> missing = new TreeSet<>();
        final Matcher m = VARIABLE.matcher(DeployKit.read(DeployKit.deploy("docker-compose.yml")));
        while (m.find())
        {
            if (!example.containsKey(m.group(1)))
            {
                missing.add(m.group(1));
            }
        }
        assertTrue(missing.isEmpty(), "docker-compose.yml reads variables deploy/.env.example does not list: " + missing);
        for (final Map.Entry<String, String> variable : example.entrySet())
        {
            if (SECRET.matcher(variable.getKey()).matches())
            {
                assertEquals("", variable.getValue(), variable.getKey() + " must have no value in .env.example");
            }
        }
        for (final String required : List.of("GRAFANA_ADMIN_PASSWORD", "HORIZON_JAVA_OPTS"))
        {
            assertTrue(example.containsKey(required), ".env.example lists " + required);
        }
        assertTrue(example.keySet().stream().anyMatch(k -> k.startsWith("HORIZON_VENUE_") || k.startsWith("HORIZON_FIX_")),
            ".env.example lists venue credentials");
        assertTrue(example.keySet().stream().anyMatch(k -> k.startsWith("HORIZON_ALERT_")), ".env.example lists alerting keys");
    }

    /**
     * @return deploy/.env.example's variables in order; fails on a variable without a comment
     * above it or on a line that is not a comment, blank or {@code NAME=value}.
     */
    static Map<String, String> envExample()
    {
        final Map<String, String> variables = new LinkedHashMap<>();
        boolean commented = false;
        for (final String line : DeployKit.read(DeployKit.deploy(".env.example")).split("\n"))
        {
            if (line.startsWith("#"))
            {
                commented = true;
                continue;
            }
            if (line.isBlank())
            {
                commented = false;
                continue;
            }
            assertTrue(line.matches("[A-Z][A-Z0-9_]*=.*"), ".env.example line is not NAME=value: " + line);
            final String name = line.substring(0, line.indexOf('='));
            assertTrue(commented, ".env.example: say what " + name + " is for in a comment above it");
            assertFalse(variables.containsKey(name), ".env.example lists " + name + " twice");
            variables.put(name, line.substring(line.indexOf('=') + 1));
        }
        return variables;
    }

    /**
     * @return the compose file's services by name.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services()
    {
        final Map<String, Object> compose = DeployKit.yaml(DeployKit.deploy("docker-compose.yml"));
        final Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : DeployKit.map(compose, "services").entrySet())
        {
            services.put(e.getKey(), (Map<String, Object>)e.getValue());
        }
        return services;
    }

    /**
     * @param service       a compose service.
     * @param containerPath a path inside its container.
     * @return the host file or directory mounted there, or under a mounted parent.
     */
    static Path bindSource(final String service, final String containerPath)
    {
        for (final String volume : volumes(services().get(service)))
        {
            final String[] parts = volume.split(":");
            if (parts[0].startsWith(".") && containerPath.startsWith(parts[1]))
            {
                final String rest = containerPath.substring(parts[1].length()).replaceFirst("^/", "");
                return DeployKit.deploy(parts[0]).resolve(rest).normalize();
            }
        }
        throw new AssertionError(service + " mounts nothing at " + containerPath);
    }

    private static List<String> volumes(final Map<String, Object> service)
    {
        final List<String> volumes = new ArrayList<>();
        final Object list = service.get("volumes");
        if (list != null)
        {
            for (final Object v : (List<?>)list)
            {
                volumes.add(v.toString());
            }
        }
        return volumes;
    }

    private static List<String> ports(final Map<String, Object> service)
    {
        final List<String> ports = new ArrayList<>();
        for (final Object p : (List<?>)service.get("ports"))
        {
            ports.add(p.toString());
        }
        return ports;
    }
}
