package io.horizon.ops.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.horizon.ops.cli.HorizonCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks deploy/systemd/horizon.service: the directives the issue requires, what
 * {@code systemd-analyze verify} says, and the exposure {@code systemd-analyze security}
 * rates it at (2.0 or lower), with every directive it counts against the unit documented in
 * the unit's own comment. Whether a real daemon survives the unit's system call filter is
 * {@link SystemCallFilterTest}'s job.
 */
final class SystemdUnitTest
{
    private static final double MAX_EXPOSURE = 2.0;
    private static final Pattern OVERALL = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");
    private static final Pattern FAILED_CHECK = Pattern.compile("^\u2717 (\\w+)=");

    private final Path unitFile = DeployKit.deploy("systemd/horizon.service");
    private final SystemdUnit unit = SystemdUnit.parse(DeployKit.read(unitFile));

    @Test
    void shouldRunAsHorizonWithTheRequiredHardening()
    {
        assertEquals("horizon", unit.value("User"));
        assertEquals("yes", unit.value("NoNewPrivileges"));
        assertEquals("yes", unit.value("PrivateTmp"));
        assertEquals("strict", unit.value("ProtectSystem"));
        assertEquals("yes", unit.value("ProtectHome"));
        assertEquals("", unit.value("CapabilityBoundingSet"), "an empty capability bounding set");
        assertTrue(unit.values("EnvironmentFile").isEmpty(), "no secrets in the environment");
        assertEquals("credentials.env:/etc/horizon/credentials.env", unit.value("LoadCredential"));
        assertTrue(unit.value("ExecStart").contains("--credentials %d/credentials.env"), unit.value("ExecStart"));
        assertEquals("0700", unit.value("StateDirectoryMode"), "the state directory is private to horizon");
        assertEquals("0077", unit.value("UMask"), "its files are created 0600");
        assertTrue(unit.value("MemoryMax").matches("[0-9]+[KMGT]?"), "a memory limit: " + unit.value("MemoryMax"));
        assertTrue(unit.value("TasksMax").matches("[0-9]+"), "a task limit: " + unit.value("TasksMax"));
        assertEquals("on-failure", unit.value("Restart"));
    }

    @Test
    void shouldWriteOnlyToTheStateLogAndAuditAnchorDirectories()
    {
        // The anchors directory is optional ('-'): the unit starts where [audit] anchors is unset.
        assertEquals(Set.of("/var/lib/horizon", "/var/log/horizon", "-/var/lib/horizon-anchors"),
            Set.copyOf(Arrays.asList(unit.value("ReadWritePaths").split("\\s+"))));
        assertEquals("horizon", unit.value("StateDirectory"), "systemd creates /var/lib/horizon owned by horizon");
        assertEquals("horizon", unit.value("LogsDirectory"), "systemd creates /var/log/horizon owned by horizon");
        assertEquals("/var/lib/horizon", unit.value("WorkingDirectory"));
    }

    @Test
    void shouldKeepWhatHorizonNeedsWorking()
    {
        // The JIT writes code it then runs; memory-mapped journal files need a writable state dir.
        assertFalse(unit.values("MemoryDenyWriteExecute").contains("yes"), "MemoryDenyWriteExecute=yes stops the JVM's JIT");
        assertFalse(unit.values("ProcSubset").contains("pid"), "ProcSubset=pid hides /proc/cpuinfo from thread pinning");
        for (final String key : List.of("InaccessiblePaths", "ReadOnlyPaths", "TemporaryFileSystem"))
        {
            for (final String value : unit.values(key))
            {
                assertFalse(value.contains("/var/lib/horizon"), key + " must leave the journal writable: " + value);
            }
        }
        assertTrue(unit.comments().contains("CPUAffinity="), "the unit shows an example of CPUAffinity= for pinned cores");
    }

    @Test
    void shouldStartTheDaemonOnTheStateDirectoryWithArgumentsTheRealCliAccepts()
    {
        final List<String> execStart = unit.execStart();
        assertTrue(execStart.get(0).startsWith("/"), "ExecStart needs an absolute path: " + execStart.get(0));
        final int jar = execStart.indexOf("-jar");
        final List<String> cliArgs = execStart.subList(jar + 2, execStart.size());
        // %d is systemd's specifier for the service's credentials directory (LoadCredential=).
        assertEquals(List.of("run", "--state", "/var/lib/horizon", "--credentials", "%d/credentials.env"), cliArgs);
        new CommandLine(new HorizonCommand()).parseArgs(cliArgs.toArray(new String[0]));
    }

    @Test
    void shouldPassSystemdAnalyzeVerify()
    {
        ExternalTool.require("systemd-analyze", "apt-get install systemd");
        final ExternalTool.Result result = ExternalTool.run("systemd-analyze", "verify", unitFile.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertFalse(result.output().contains("horizon.service:"), "systemd-analyze verify warns:\n" + result.output());
    }

    @Test
    void shouldRateAnExposureOf2OrLowerAndDocumentEveryDirectiveLeftOut()
    {
        ExternalTool.require("systemd-analyze", "apt-get install systemd");
        // --threshold makes systemd-analyze itself fail above 2.0 (it counts in tenths).
        final ExternalTool.Result result = ExternalTool.run(
            "systemd-analyze", "security", "--offline=true", "--threshold=" + (int)(MAX_EXPOSURE * 10), unitFile.toString());
        final Matcher overall = OVERALL.matcher(result.output());
        assertTrue(overall.find(), "no overall exposure in:\n" + result.output());
        final double exposure = Double.parseDouble(overall.group(1));
        System.out.printf(Locale.ROOT, "systemd-analyze security: horizon.service exposure %.1f (threshold %.1f)%n",
            exposure, MAX_EXPOSURE);
        assertEquals(0, result.exitCode(), "exposure " + exposure + " is above " + MAX_EXPOSURE + ":\n" + result.output());
        assertTrue(exposure <= MAX_EXPOSURE, "exposure " + exposure);

        final Set<String> undocumented = new TreeSet<>();
        final List<String> leftOut = new ArrayList<>();
        for (final String line : result.output().split("\n"))
        {
            final Matcher failed = FAILED_CHECK.matcher(line);
            if (failed.find())
            {
                leftOut.add(failed.group(1));
                if (!unit.comments().contains(failed.group(1) + "="))
                {
                    undocumented.add(failed.group(1));
                }
            }
        }
        assertFalse(leftOut.isEmpty(), "systemd-analyze listed no failed checks; the parser no longer matches its output:\n" +
            result.output());
        assertTrue(undocumented.isEmpty(), "directives systemd-analyze counts against the unit that its comment " +
            "does not explain: " + undocumented + "; say in the unit why each is left out");
    }
}
