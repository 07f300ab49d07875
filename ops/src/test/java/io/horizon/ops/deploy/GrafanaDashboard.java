package io.horizon.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * deploy/grafana/dashboards/horizon.json, parsed: its panels (rows and nested panels
 * flattened) and every PromQL query in them.
 * <p>
 * Immutable after construction; any thread.
 */
final class GrafanaDashboard
{
    private final JsonNode root;
    private final List<JsonNode> panels = new ArrayList<>();

    private GrafanaDashboard(final JsonNode root)
    {
        this.root = root;
        collect(root.path("panels"));
    }

    /**
     * @return the provisioned Horizon dashboard.
     */
    static GrafanaDashboard horizon()
    {
        try
        {
            return new GrafanaDashboard(new ObjectMapper().readTree(DeployKit.deploy("grafana/dashboards/horizon.json").toFile()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("deploy/grafana/dashboards/horizon.json is not valid JSON", ex);
        }
    }

    private void collect(final JsonNode list)
    {
        for (final JsonNode panel : list)
        {
            panels.add(panel);
            collect(panel.path("panels"));
        }
    }

    /**
     * @return the dashboard's top-level object.
     */
    JsonNode root()
    {
        return root;
    }

    /**
     * @return every panel that shows data (rows left out).
     */
    List<JsonNode> dataPanels()
    {
        final List<JsonNode> data = new ArrayList<>();
        for (final JsonNode panel : panels)
        {
            if (!"row".equals(panel.path("type").asText()))
            {
                data.add(panel);
            }
        }
        return data;
    }

    /**
     * @return every target's {@code expr}, as written (with Grafana variables).
     */
    List<String> queries()
    {
        final List<String> queries = new ArrayList<>();
        for (final JsonNode panel : dataPanels())
        {
            for (final JsonNode target : panel.path("targets"))
            {
                queries.add(target.path("expr").asText());
            }
        }
        return queries;
    }
}
