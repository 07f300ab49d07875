package io.horizon.ops.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.horizon.ops.cli.HorizonCommand;
import io.horizon.ops.replay.Timeline;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code horizon ...} command in the runbooks (and the other pages of deploy/ and the
 * README) parses against the real CLI: the verb exists, every option exists and takes the
 * value given, and every {@code replay --type} is a type replay knows. A renamed flag then
 * breaks the build instead of an operator's 3 a.m. copy and paste.
 */
final class RunbookCommandsTest
{
    private static final Set<String> REQUIRED_RUNBOOKS = Set.of(
        "kill-switch.md", "feed-stale.md", "credential-rotation.md", "disaster-recovery.md");

    @Test
    void shouldParseEveryHorizonCommandInTheDocsAgainstTheRealCli() throws IOException
    {
        final Set<String> verbs = new CommandLine(new HorizonCommand()).getSubcommands().keySet();
        final Map<String, List<String>> failures = new TreeMap<>();
        int parsed = 0;
        for (final Path page : pages())
        {
            final String name = DeployKit.root().relativize(page).toString();
            for (final List<String> args : ShellCommand.horizonCommands(Markdown.codeLines(DeployKit.read(page))))
            {
                final String shown = "horizon " + String.join(" ", args);
                if (args.isEmpty() || args.get(0).startsWith("-"))
                {
                    parse(args, name, shown, failures);
                    parsed++;
                }
                else if (verbs.contains(args.get(0)))
                {
                    parse(args, name, shown, failures);
                    parsed++;
                }
                else
                {
                    failures.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(shown + "\n      no verb '" + args.get(0) + "'; the CLI has " + verbs);
                }
            }
        }
        assertTrue(failures.isEmpty(), "commands in the docs the CLI rejects:\n" + failures.entrySet().stream()
            .map(e -> e.getKey() + ":\n    " + String.join("\n    ", e.getValue())).collect(Collectors.joining("\n")));
        assertTrue(parsed >= 30, "the extractor found the runbooks' commands: " + parsed + " parsed");
    }

    @Test
    void shouldGiveEveryRequiredRunbookRealCommands()
    {
        for (final String runbook : REQUIRED_RUNBOOKS)
        {
            final List<List<String>> commands = ShellCommand.horizonCommands(
                Markdown.codeLines(DeployKit.read(DeployKit.deploy("runbooks/" + runbook))));
            assertTrue(commands.size() >= 3, runbook + " walks through horizon commands: " + commands);
        }
    }

    @Test
    void shouldSplitShellLinesTheWayAShellDoes()
    {
        assertEquals(List.of(List.of("replay", "--state", "/state", "--type", "control")), ShellCommand.horizonCommands(List.of(
            "docker compose exec -T horizon horizon replay --state /state --type control  # who engaged it")));
        assertEquals(List.of(List.of("reset", "--reason", "feed back; reviewed by J. Smith")), ShellCommand.horizonCommands(
            List.of("sudo -u horizon HORIZON_NO_BUILD=1 horizon reset --reason \"feed back; reviewed by J. Smith\"")));
        assertEquals(List.of(List.of("replay", "--since", "3h", "--json")), ShellCommand.horizonCommands(List.of(
            "horizon replay --since 3h --json > /var/lib/horizon/incident-$(date -u +%Y%m%dT%H%MZ).jsonl 2>&1")));
        assertEquals(List.of(List.of("replay", "--verify"), List.of("version")), ShellCommand.horizonCommands(List.of(
            "cd /srv && bin/horizon replay \\", "    --verify | tee out.txt; horizon version")));
        assertEquals(List.of(), ShellCommand.horizonCommands(List.of("echo horizon replay", "# horizon replay --bogus")));
    }

    private static void parse(final List<String> args, final String page, final String shown,
        final Map<String, List<String>> failures)
    {
        try
        {
            final CommandLine.ParseResult result = new CommandLine(new HorizonCommand()).parseArgs(args.toArray(new String[0]));
            final CommandLine.ParseResult replay = result.subcommand();
            if (replay != null && replay.commandSpec().name().equals("replay") && replay.hasMatchedOption("--type"))
            {
                final List<String> types = replay.matchedOptionValue("--type", List.of());
                for (final String type : types)
                {
                    if (!Timeline.isKnownType(type.trim().toUpperCase(Locale.ROOT).replace('-', '_')))
                    {
                        throw new CommandLine.ParameterException(replay.commandSpec().commandLine(),
                            "--type '" + type + "' is not an entry type; use any of: " + Timeline.knownTypes());
                    }
                }
            }
        }
        catch (final CommandLine.ParameterException ex)
        {
            failures.computeIfAbsent(page, k -> new ArrayList<>()).add(shown + "\n      " + ex.getMessage());
        }
    }

    /**
     * @return every Markdown page of the deployment kit, and the README.
     */
    static List<Path> pages() throws IOException
    {
        try (Stream<Path> files = Files.walk(DeployKit.root().resolve("deploy")))
        {
            final List<Path> pages = files.filter(f -> f.toString().endsWith(".md")).sorted().collect(Collectors.toList());
            pages.add(DeployKit.root().resolve("README.md"));
            return pages;
        }
    }
}
