package io.horizon.ops.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the metric names out of a PromQL expression (an alert rule or a Grafana query), and
 * turns a Grafana query into plain PromQL that promtool can check.
 * <p>
 * Stateless; any thread.
 */
final class PromQl
{
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
        "ignoring", "group_left", "group_right", "inf", "nan");

    private PromQl()
    {
    }

    /**
     * @param expression a PromQL expression.
     * @return the metric names it selects.
     */
    static Set<String> metricNames(final String expression)
    {
        String e = STRINGS.matcher(expression).replaceAll("\"\"");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = RANGES.matcher(e).replaceAll(" ");
        e = LABEL_LISTS.matcher(e).replaceAll(" ");
        final Set<String> names = new TreeSet<>();
        final Matcher m = IDENTIFIER.matcher(e);
        while (m.find())
        {
            final String name = m.group(1);
            final boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(name.toLowerCase()))
            {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * @param expression a PromQL expression.
     * @return the labels it groups by ({@code by (...)}) and matches on ({@code {name="..."}}),
     *         which every series it selects must carry for the result to mean anything.
     */
    static Set<String> labelNames(final String expression)
    {
        final String e = STRINGS.matcher(expression).replaceAll("\"\"");
        final Set<String> labels = new TreeSet<>();
        final Matcher by = GROUPING.matcher(e);
        while (by.find())
        {
            for (final String label : by.group(1).split(","))
            {
                if (!label.isBlank())
                {
                    labels.add(label.strip());
                }
            }
        }
        final Matcher matchers = MATCHERS.matcher(e);
        while (matchers.find())
        {
            final Matcher label = MATCHER_LABEL.matcher(matchers.group());
            while (label.find())
            {
                labels.add(label.group(1));
            }
        }
        return labels;
    }

    /**
     * @param grafanaQuery a query with Grafana variables.
     * @return the same query with the variables replaced by values Prometheus accepts.
     */
    static String withoutGrafanaVariables(final String grafanaQuery)
    {
        return grafanaQuery
            .replace("$__rate_interval", "1m")
            .replace("$__interval", "1m")
            .replace("$__range", "1h")
            .replaceAll("\\$\\{?\\w+}?", ".*");
    }
}
