package io.horizon.ops.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way the builder reads it: comments dropped, continuation lines
 * joined, each instruction tagged with the stage it belongs to. Enough to check what an
 * image will hold without a container engine.
 * <p>
 * Immutable; any thread.
 */
final class ParsedDockerfile
{
    private static final Pattern ARG = Pattern.compile("^(\\w+)(?:=(.*))?$");

    private final List<Instruction> instructions;

    /**
     * One instruction.
     *
     * @param stage    the index of its stage (0 for the first FROM; -1 before any FROM).
     * @param keyword  the upper-case keyword, e.g. {@code RUN}.
     * @param argument the rest of the instruction, continuation lines joined with spaces.
     */
    record Instruction(int stage, String keyword, String argument)
    {
    }

    private ParsedDockerfile(final List<Instruction> instructions)
    {
        this.instructions = instructions;
    }

    /**
     * @param text the Dockerfile.
     * @return it, parsed.
     */
    static ParsedDockerfile parse(final String text)
    {
        final List<Instruction> instructions = new ArrayList<>();
        int stage = -1;
        final StringBuilder pending = new StringBuilder();
        for (final String rawLine : text.split("\n", -1))
        {
            final String line = rawLine.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0))
            {
                // Comment lines may sit inside a continued instruction; the builder skips them there too.
                continue;
            }
            final boolean continues = line.endsWith("\\");
            pending.append(continues ? line.substring(0, line.length() - 1).strip() : line).append(' ');
            if (continues)
            {
                continue;
            }
            final String joined = pending.toString().strip();
            pending.setLength(0);
            if (joined.isEmpty())
            {
                continue;
            }
            final int space = joined.indexOf(' ');
            final String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
            final String argument = space < 0 ? "" : joined.substring(space + 1).strip();
            if (keyword.equals("FROM"))
            {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, argument));
        }
        return new ParsedDockerfile(List.copyOf(instructions));
    }

    /**
     * @return every instruction in order.
     */
    List<Instruction> instructions()
    {
        return instructions;
    }

    /**
     * @return the number of stages (FROM instructions).
     */
    int stages()
    {
        return (int)instructions.stream().filter(i -> i.keyword().equals("FROM")).count();
    }

    /**
     * @return the index of the last stage, the one the image is made of.
     */
    int finalStage()
    {
        return stages() - 1;
    }

    /**
     * @param stage   a stage index.
     * @param keyword an upper-case keyword.
     * @return the arguments of that stage's instructions with this keyword, in order.
     */
    List<String> arguments(final int stage, final String keyword)
    {
        final List<String> arguments = new ArrayList<>();
        for (final Instruction i : instructions)
        {
            if (i.stage() == stage && i.keyword().equals(keyword))
            {
                arguments.add(i.argument());
            }
        }
        return arguments;
    }

    /**
     * @param stage a stage index.
     * @return its FROM argument, e.g. {@code maven:3.9.9-eclipse-temurin-17 AS build}.
     */
    String from(final int stage)
    {
        return arguments(stage, "FROM").get(0);
    }

    /**
     * @param stage a stage index.
     * @param name  a build argument.
     * @return its default value in that stage (empty for {@code ARG X=""}), or null when the
     * stage does not declare it or declares it without a default.
     */
    String argDefault(final int stage, final String name)
    {
        for (final String argument : arguments(stage, "ARG"))
        {
            final Matcher m = ARG.matcher(argument);
            if (m.matches() && m.group(1).equals(name))
            {
                return m.group(2) == null ? null : unquote(m.group(2));
            }
        }
        return null;
    }

    /**
     * @param stage a stage index.
     * @param name  an environment variable.
     * @return its value as set by an {@code ENV NAME="..."} in that stage, or null.
     */
    String env(final int stage, final String name)
    {
        final Pattern assignment = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(\"[^\"]*\"|\\S+)");
        for (final String argument : arguments(stage, "ENV"))
        {
            final Matcher m = assignment.matcher(argument);
            if (m.find())
            {
                return unquote(m.group(1));
            }
        }
        return null;
    }

    private static String unquote(final String value)
    {
        final String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")))
        {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
