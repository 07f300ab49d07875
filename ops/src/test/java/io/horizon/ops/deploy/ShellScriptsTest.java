package io.horizon.ops.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code shellcheck} passes on every shell script in the repository: the launcher, CI's
 * entry point, the container's launcher, and any script added later (found by its
 * {@code #!} line or a {@code .sh} name, not by a list).
 */
final class ShellScriptsTest
{
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "state", "node_modules", ".idea");
    private static final Pattern SHELL_SHEBANG = Pattern.compile("#!\\s*(/usr/bin/env\\s+|/usr/bin/|/bin/)(ba|da|k)?sh\\b.*");

    @Test
    void shouldPassShellcheckOnEveryShellScript() throws IOException
    {
        final Path shellcheck = ExternalTool.require("shellcheck", "apt-get install shellcheck");
        final List<String> scripts = shellScripts();
        assertTrue(scripts.containsAll(List.of("bin/horizon", ".ci/run", "deploy/docker/horizon")), "found the scripts: " + scripts);
        final List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--external-sources"));
        command.addAll(scripts);
        final ExternalTool.Result result = ExternalTool.run(DeployKit.root(), Map.of(), command);
        System.out.println("shellcheck: " + scripts);
        assertEquals(0, result.exitCode(), "shellcheck:\n" + result.output());
    }

    @Test
    void shouldRecogniseShellScriptsByTheirFirstLine()
    {
        for (final String shell : List.of("#!/usr/bin/env bash", "#!/bin/sh", "#!/bin/bash -e", "#!/usr/bin/env sh"))
        {
            assertTrue(SHELL_SHEBANG.matcher(shell).matches(), shell);
        }
        for (final String other : List.of("#!/usr/bin/env python3", "#!/usr/bin/perl", "#!/bin/shellcheck"))
        {
            assertTrue(!SHELL_SHEBANG.matcher(other).matches(), other);
        }
    }

    private static List<String> shellScripts() throws IOException
    {
        final Path root = DeployKit.root();
        final List<String> scripts = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs)
            {
                return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString()) && !dir.equals(root) ?
                    FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
            {
                if (attrs.isRegularFile() && isShellScript(file))
                {
                    scripts.add(root.relativize(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        scripts.sort(null);
        return scripts;
    }

    private static boolean isShellScript(final Path file) throws IOException
    {
        if (file.toString().endsWith(".sh"))
        {
            return true;
        }
        final byte[] head = new byte[128];
        final int n;
        try (InputStream in = Files.newInputStream(file))
        {
            n = in.read(head);
        }
        if (n < 2 || head[0] != '#' || head[1] != '!')
        {
            return false;
        }
        return SHELL_SHEBANG.matcher(new String(head, 0, n, StandardCharsets.ISO_8859_1).split("\n")[0]).matches();
    }
}
