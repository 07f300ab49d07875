package io.horizon.ops.preset;

/**
 * The preset's {@code [metrics]} table: where the Prometheus endpoint ({@code /metrics}) listens.
 * Serving it belongs to the metrics exporter; the preset only carries and checks the address.
 *
 * @param enabled whether to serve metrics at all.
 * @param bind    the address to bind, e.g. {@code 0.0.0.0} in a container or {@code 127.0.0.1}.
 * @param port    the TCP port; 9100 by default, as dashboards expect.
 */
public record MetricsSettings(boolean enabled, String bind, int port)
{
    /** The default: on, all interfaces, port 9100. */
    public static final MetricsSettings DEFAULT = new MetricsSettings(true, "0.0.0.0", 9100);
}
