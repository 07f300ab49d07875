package io.horizon.ops.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a real daemon, with a pinned thread, under {@code strace} and checks that every system
 * call it makes is one the unit's {@code SystemCallFilter=} lines allow, expanded the way
 * systemd expands them ({@code systemd-analyze syscall-filter}). Without systemd as PID 1 here
 * this is the closest check that the hardened unit does not break memory-mapped journal files
 * or thread affinity: a refused call would return EPERM (SystemCallErrorNumber=) to the JVM.
 */
final class SystemCallFilterTest
{
    @TempDir
    Path dir;

    private final SystemdUnit unit = SystemdUnit.parse(DeployKit.read(DeployKit.deploy("systemd/horizon.service")));
    private final Map<String, Set<String>> groups = new HashMap<>();

    @Test
    void shouldAllowThreadPinningAndMemoryMappedFiles()
    {
        ExternalTool.require("systemd-analyze", "apt-get install systemd");
        final Set<String> allowed = allowedSyscalls();
        for (final String call : List.of("sched_setaffinity", "sched_getaffinity", "mmap", "msync", "madvise", "munmap",
            "ftruncate", "fallocate", "flock", "futex", "clone3"))
        {
            assertTrue(allowed.contains(call), "the unit's SystemCallFilter refuses " + call);
        }
    }

    @Test
    void shouldAllowEverySystemCallARealDaemonMakes() throws IOException
    {
        final Path strace = ExternalTool.require("strace", "apt-get install strace");
        ExternalTool.require("systemd-analyze", "apt-get install systemd");
        final Set<String> allowed = allowedSyscalls();

        final Path summary = dir.resolve("strace.txt");
        final List<String> command = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-c", "-o", summary.toString()));
        command.addAll(HorizonCli.command("run", "--state", dir.resolve("state").toString(), "--duration", "3s",
            "--pin", "blp"));
        final ExternalTool.Result run = ExternalTool.run(dir, Map.of(), command);
        assertEquals(0, run.exitCode(), "the daemon under strace failed:\n" + run.output());
        assertTrue(run.output().contains("Horizon run summary"), run.output());

        final Set<String> made = syscallsIn(Files.readString(summary));
        assertTrue(made.contains("mmap") && made.contains("msync"), "strace saw the journal's mmap and msync: " + made);
        if (run.output().contains("pinned to cpu"))
        {
            assertTrue(made.contains("sched_setaffinity"), "the pinned run called sched_setaffinity: " + made);
        }
        final Set<String> refused = new TreeSet<>(made);
        refused.removeAll(allowed);
        System.out.println("SystemCallFilter: the daemon made " + made.size() + " distinct system calls; refused: " + refused);
        assertTrue(refused.isEmpty(), "deploy/systemd/horizon.service's SystemCallFilter= would refuse " + refused +
            " (EPERM) to a daemon that needs them; allow them in the unit");
    }

    /**
     * @return the system calls the unit allows: an allow list starting with its first
     * SystemCallFilter= line, then each line in order adds or (with ~) removes.
     */
    private Set<String> allowedSyscalls()
    {
        final List<String> lines = unit.values("SystemCallFilter");
        assertTrue(!lines.isEmpty() && !lines.get(0).startsWith("~"), "the unit's SystemCallFilter is an allow list");
        // systemd adds @default to every allow list.
        final Set<String> allowed = new TreeSet<>(expand("@default"));
        for (final String line : lines)
        {
            final boolean remove = line.startsWith("~");
            for (final String item : (remove ? line.substring(1) : line).trim().split("\\s+"))
            {
                final Set<String> calls = item.startsWith("@") ? expand(item) : Set.of(item);
                if (remove)
                {
                    allowed.removeAll(calls);
                }
                else
                {
                    allowed.addAll(calls);
                }
            }
        }
        return allowed;
    }

    private Set<String> expand(final String group)
    {
        final Set<String> cached = groups.get(group);
        if (cached != null)
        {
            return cached;
        }
        final ExternalTool.Result result = ExternalTool.run("systemd-analyze", "syscall-filter", "--no-pager", group);
        assertEquals(0, result.exitCode(), result.output());
        final Set<String> calls = new LinkedHashSet<>();
        final String[] lines = result.output().split("\n");
        for (int i = 1; i < lines.length; i++)
        {
            final String member = lines[i].strip();
            if (member.isEmpty() || member.startsWith("#"))
            {
                continue;
            }
            calls.addAll(member.startsWith("@") ? expand(member) : Set.of(member));
        }
        assertTrue(!calls.isEmpty(), "systemd-analyze knows no group " + group);
        groups.put(group, calls);
        return calls;
    }

    /**
     * @param summary the table {@code strace -c} writes.
     * @return the system call names in it.
     */
    private static Set<String> syscallsIn(final String summary)
    {
        final Set<String> calls = new TreeSet<>();
        for (final String line : summary.split("\n"))
        {
            final String[] columns = line.strip().split("\\s+");
            final String last = columns[columns.length - 1];
            if (columns.length >= 5 && Character.isDigit(columns[0].charAt(0)) && last.matches("[a-z_0-9]+") &&
                !last.equals("total"))
            {
                calls.add(last);
            }
        }
        assertTrue(calls.size() > 10, "could not read strace's summary:\n" + summary);
        return calls;
    }
}
