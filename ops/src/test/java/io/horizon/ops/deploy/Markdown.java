package io.horizon.ops.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Markdown page the deployment checks read: heading anchors as GitHub makes
 * them, links, and the lines of fenced code blocks.
 * <p>
 * Stateless; any thread.
 */
final class Markdown
{
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");

    private Markdown()
    {
    }

    /**
     * @param page a Markdown page.
     * @return the anchors of its headings, e.g. {@code 1-acknowledge-first-5-minutes}.
     */
    static Set<String> anchors(final String page)
    {
        final Set<String> anchors = new LinkedHashSet<>();
        final Map<String, Integer> seen = new HashMap<>();
        for (final String line : proseLines(page))
        {
            final Matcher m = HEADING.matcher(line);
            if (m.matches())
            {
                final String slug = m.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[`*]", "")
                    .replaceAll("[^\\p{L}\\p{N}_ -]", "")
                    .replace(' ', '-');
                final int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /**
     * @param page a Markdown page.
     * @return the targets of its inline links, outside code blocks.
     */
    static List<String> links(final String page)
    {
        final List<String> links = new ArrayList<>();
        for (final String line : proseLines(page))
        {
            final Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find())
            {
                links.add(m.group(1));
            }
        }
        return links;
    }

    /**
     * @param page a Markdown page.
     * @return the lines inside its fenced code blocks, in order.
     */
    static List<String> codeLines(final String page)
    {
        final List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (final String line : page.split("\n", -1))
        {
            if (line.strip().startsWith("```"))
            {
                inCode = !inCode;
                continue;
            }
            if (inCode)
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> proseLines(final String page)
    {
        final List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (final String line : page.split("\n", -1))
        {
            if (line.strip().startsWith("```"))
            {
                inCode = !inCode;
                continue;
            }
            if (!inCode)
            {
                lines.add(line);
            }
        }
        return lines;
    }
}
