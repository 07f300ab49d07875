package io.horizon.ops.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The written part of the kit: every relative link resolves (file and section), the runbooks
 * cover what the issue asks of each, the BCP template has every section Rule 206(4)-4 work
 * needs, and deploy/README.md explains every file and what is left out.
 */
final class DeployDocsTest
{
    @Test
    void shouldResolveEveryRelativeLinkAndSectionInTheKit() throws IOException
    {
        final List<String> broken = new ArrayList<>();
        for (final Path page : RunbookCommandsTest.pages())
        {
            if (!page.startsWith(DeployKit.root().resolve("deploy")))
            {
                // The README's other links belong to other parts of the project.
                continue;
            }
            for (final String link : Markdown.links(DeployKit.read(page)))
            {
                if (link.matches("^[a-z]+:.*"))
                {
                    continue;
                }
                final int hash = link.indexOf('#');
                final String file = hash < 0 ? link : link.substring(0, hash);
                final Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(target))
                {
                    broken.add(DeployKit.root().relativize(page) + ": " + link + " (no such file)");
                }
                else if (hash >= 0 && !Markdown.anchors(DeployKit.read(target)).contains(link.substring(hash + 1)))
                {
                    broken.add(DeployKit.root().relativize(page) + ": " + link + " (no such section)");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void shouldWalkEachRunbookThroughTheStepsTheIssueAsksFor()
    {
        final Map<String, List<String>> required = Map.of(
            "kill-switch.md", List.of("acknowledge", "root cause", "decide", "halt", "reset"),
            "feed-stale.md", List.of("connectivity", "auto-reconnect", "manual unwind"),
            "credential-rotation.md", List.of("stage", "dry-run verify", "revoke"),
            "disaster-recovery.md", List.of("restore", "audit chain", "replay", "reconcile", "drill", "rto"));
        for (final Map.Entry<String, List<String>> runbook : required.entrySet())
        {
            final String headings = headings(DeployKit.deploy("runbooks/" + runbook.getKey()));
            for (final String step : runbook.getValue())
            {
                assertTrue(headings.contains(step) || DeployKit.read(DeployKit.deploy("runbooks/" + runbook.getKey()))
                    .toLowerCase(Locale.ROOT).contains(step), runbook.getKey() + " covers '" + step + "'");
            }
        }
    }

    @Test
    void shouldGiveTheBcpTemplateEverySection()
    {
        final String bcp = DeployKit.read(DeployKit.deploy("bcp.md"));
        final String headings = headings(DeployKit.deploy("bcp.md"));
        for (final String section : List.of("governance", "scope", "risk assessment", "recovery objectives", "procedures",
            "communication plan", "data retention", "vendor management", "testing", "sign-off"))
        {
            assertTrue(headings.contains(section), "bcp.md has a '" + section + "' section");
        }
        assertTrue(bcp.contains("| scenario | impact |") && bcp.contains("| mitigation |"), "risk table: scenario / impact / mitigation");
        for (final String item : List.of("RTO", "RPO", "owner", "sponsor", "review cycle", "SEC", "custodian", "clients",
            "internal", "annual", "quarterly", "monthly", "horizon audit verify", "Counsel", "206(4)-4"))
        {
            assertTrue(bcp.toLowerCase(Locale.ROOT).contains(item.toLowerCase(Locale.ROOT)), "bcp.md mentions " + item);
        }
        for (final String runbook : List.of("kill-switch", "feed-stale", "credential-rotation", "disaster-recovery"))
        {
            assertTrue(bcp.contains("(runbooks/" + runbook + ".md)"), "bcp.md procedures link runbooks/" + runbook + ".md");
        }
    }

    @Test
    void shouldExplainEveryFileAndWhatIsIntentionallyMissing() throws IOException
    {
        final String readme = DeployKit.read(DeployKit.deploy("README.md"));
        try (Stream<Path> files = Files.list(DeployKit.root().resolve("deploy")))
        {
            for (final Path file : files.collect(Collectors.toList()))
            {
                final String name = file.getFileName().toString();
                if (!name.equals("README.md") && !name.equals("state"))
                {
                    assertTrue(readme.contains("`" + name) || readme.contains("(" + name), "deploy/README.md explains " + name);
                }
            }
        }
        final String missing = readme.substring(readme.indexOf("## Intentionally missing"));
        for (final String topic : List.of("TLS", "reverse proxy", "High availability", "SQLite", "Vault", "Kubernetes"))
        {
            assertTrue(missing.contains(topic), "deploy/README.md says why " + topic + " is left out");
        }
        assertTrue(DeployKit.read(DeployKit.root().resolve("README.md")).contains("(deploy/README.md)"),
            "the README points at deploy/README.md");
    }

    private static String headings(final Path page)
    {
        return DeployKit.read(page).lines().filter(l -> l.startsWith("#")).collect(Collectors.joining("\n"))
            .toLowerCase(Locale.ROOT);
    }
}
