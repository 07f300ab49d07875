package io.horizon.ops.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code horizon} commands in the shell lines of a runbook and splits them into
 * arguments the way a POSIX shell would: quotes, backslash escapes and {@code $(...)} stay
 * inside one word; a comment, a redirection, a pipe or a command separator ends the command.
 * Prefixes that run the command elsewhere or as someone else ({@code sudo -u horizon},
 * {@code docker compose exec horizon}, {@code VAR=value}) are dropped.
 * <p>
 * Stateless; any thread.
 */
final class ShellCommand
{
    private static final List<String> LAUNCHERS = List.of("horizon", "bin/horizon", "./bin/horizon", "/opt/horizon/bin/horizon");

    private ShellCommand()
    {
    }

    /**
     * @param codeLines the lines of a page's fenced code blocks.
     * @return the argument lists of every {@code horizon} command in them (without the
     * launcher word itself).
     */
    static List<List<String>> horizonCommands(final List<String> codeLines)
    {
        final List<List<String>> commands = new ArrayList<>();
        final StringBuilder logical = new StringBuilder();
        for (final String line : codeLines)
        {
            if (line.endsWith("\\"))
            {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            for (final List<String> words : simpleCommands(logical.toString()))
            {
                final List<String> command = stripPrefixes(words);
                if (!command.isEmpty() && LAUNCHERS.contains(command.get(0)))
                {
                    commands.add(command.subList(1, command.size()));
                }
            }
            logical.setLength(0);
        }
        return commands;
    }

    /**
     * @param line one logical shell line.
     * @return its simple commands (split at |, ||, &&, ;, &), each as words, with comments and
     * redirections removed.
     */
    static List<List<String>> simpleCommands(final String line)
    {
        final Splitter splitter = new Splitter();
        int i = line.startsWith("$ ") ? 2 : 0;
        while (i < line.length())
        {
            final char c = line.charAt(i);
            if (c == '\'' || c == '"')
            {
                final int end = closingQuote(line, i);
                splitter.append(unescape(line.substring(i + 1, end), c));
                i = end + 1;
            }
            else if (c == '\\' && i + 1 < line.length())
            {
                splitter.append(String.valueOf(line.charAt(i + 1)));
                i += 2;
            }
            else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(')
            {
                final int end = closingParen(line, i + 1);
                splitter.append(line.substring(i, end + 1));
                i = end + 1;
            }
            else if (c == '#' && !splitter.inWord())
            {
                break;
            }
            else if (c == '>' || c == '<')
            {
                // A redirection: a file descriptor number just before it, and its target, are not arguments.
                splitter.endWordDroppingDescriptor();
                i++;
                boolean duplicate = false;
                while (i < line.length() && (line.charAt(i) == '>' || line.charAt(i) == '&'))
                {
                    duplicate |= line.charAt(i) == '&';
                    i++;
                }
                if (duplicate && i < line.length() && Character.isDigit(line.charAt(i)))
                {
                    while (i < line.length() && Character.isDigit(line.charAt(i)))
                    {
                        i++;
                    }
                }
                else
                {
                    splitter.skipNextWord();
                }
            }
            else if (c == '|' || c == ';' || c == '&')
            {
                splitter.endCommand();
                i++;
            }
            else if (Character.isWhitespace(c))
            {
                splitter.endWord();
                i++;
            }
            else
            {
                splitter.append(String.valueOf(c));
                i++;
            }
        }
        splitter.endCommand();
        return splitter.commands;
    }

    /**
     * Collects words into simple commands.
     */
    private static final class Splitter
    {
        private final List<List<String>> commands = new ArrayList<>();
        private List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;
        private boolean skip;

        void append(final String text)
        {
            word.append(text);
            inWord = true;
        }

        boolean inWord()
        {
            return inWord;
        }

        void skipNextWord()
        {
            skip = true;
        }

        void endWord()
        {
            if (inWord)
            {
                if (!skip)
                {
                    words.add(word.toString());
                }
                skip = false;
                word.setLength(0);
                inWord = false;
            }
        }

        void endWordDroppingDescriptor()
        {
            if (inWord && word.toString().matches("\\d+"))
            {
                word.setLength(0);
                inWord = false;
                return;
            }
            endWord();
        }

        void endCommand()
        {
            endWord();
            if (!words.isEmpty())
            {
                commands.add(words);
            }
            words = new ArrayList<>();
        }
    }

    private static List<String> stripPrefixes(final List<String> words)
    {
        int i = 0;
        while (i < words.size())
        {
            final String w = words.get(i);
            if (w.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || w.equals("exec") || w.equals("time"))
            {
                i++;
            }
            else if (w.equals("sudo"))
            {
                i++;
                while (i < words.size() && words.get(i).startsWith("-"))
                {
                    // -u and -g take a value; -E, -i, -H do not.
                    i += words.get(i).equals("-u") || words.get(i).equals("-g") ? 2 : 1;
                }
            }
            else if (w.equals("docker") && i + 2 < words.size() && words.get(i + 1).equals("compose") &&
                (words.get(i + 2).equals("exec") || words.get(i + 2).equals("run")))
            {
                i += 3;
                while (i < words.size() && words.get(i).startsWith("-"))
                {
                    i++;
                }
                // The service name.
                i++;
            }
            else
            {
                break;
            }
        }
        return words.subList(Math.min(i, words.size()), words.size());
    }

    private static int closingQuote(final String line, final int open)
    {
        final char quote = line.charAt(open);
        for (int i = open + 1; i < line.length(); i++)
        {
            if (quote == '"' && line.charAt(i) == '\\')
            {
                i++;
            }
            else if (line.charAt(i) == quote)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed " + quote + " in: " + line);
    }

    private static int closingParen(final String line, final int open)
    {
        int depth = 0;
        for (int i = open; i < line.length(); i++)
        {
            if (line.charAt(i) == '(')
            {
                depth++;
            }
            else if (line.charAt(i) == ')' && --depth == 0)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed $( in: " + line);
    }

    private static String unescape(final String quoted, final char quote)
    {
        return quote == '"' ? quoted.replaceAll("\\\\([\"\\\\$`])", "$1") : quoted;
    }
}
