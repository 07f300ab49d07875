package io.horizon.bench.latency;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws latency against percentile the way HdrHistogram's plotter does: the x axis is
 * {@code 1 / (1 - percentile)} on a log scale (labels 50%, 90%, 99%, ... 99.999%), the y axis
 * latency in microseconds on a log scale, one line per series. Headless; writes a PNG.
 */
final class PercentilePlot
{
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 720;
    private static final int LEFT = 90;
    private static final int RIGHT = 320;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final double[] X_TICKS = {0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999};
    private static final double MAX_X = 1e6;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private PercentilePlot()
    {
    }

    static void write(final List<LatencyResult> results, final String title, final Path png) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        double minMicros = Double.MAX_VALUE;
        double maxMicros = 1;
        for (final LatencyResult r : results)
        {
            if (r.histogram().getTotalCount() == 0)
            {
                continue;
            }
            minMicros = Math.min(minMicros, Math.max(0.1, r.histogram().getMinValue() / 1000.0));
            maxMicros = Math.max(maxMicros, r.histogram().getMaxValue() / 1000.0);
        }
        if (minMicros == Double.MAX_VALUE)
        {
            minMicros = 0.1;
        }
        final double yLow = Math.pow(10, Math.floor(Math.log10(minMicros)));
        final double yHigh = Math.pow(10, Math.ceil(Math.log10(maxMicros)));

        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        g.setColor(new Color(0xdddddd));
        for (final double p : X_TICKS)
        {
            final int x = LEFT + (int)(plotW * Math.log10(1 / (1 - p)) / Math.log10(MAX_X));
            g.drawLine(x, TOP, x, TOP + plotH);
        }
        for (double y = yLow; y <= yHigh * 1.0001; y *= 10)
        {
            final int py = yPixel(y, yLow, yHigh, plotH);
            g.drawLine(LEFT, py, LEFT + plotW, py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        for (final double p : X_TICKS)
        {
            final int x = LEFT + (int)(plotW * Math.log10(1 / (1 - p)) / Math.log10(MAX_X));
            final String label = String.format(Locale.ROOT, "%s%%", trim(p * 100));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 20);
        }
        for (double y = yLow; y <= yHigh * 1.0001; y *= 10)
        {
            final int py = yPixel(y, yLow, yHigh, plotH);
            final String label = y >= 1000 ? trim(y / 1000) + " ms" : trim(y) + " µs";
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 5);
        }
        g.drawString("percentile", LEFT + plotW / 2 - 30, HEIGHT - 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

        int legendY = TOP + 10;
        for (int i = 0; i < results.size(); i++)
        {
            final LatencyResult r = results.get(i);
            if (r.histogram().getTotalCount() == 0)
            {
                continue;
            }
            final Color color = COLORS[i % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(r.name().equals("horizon") ? 2.5f : 1.5f));
            int lastX = -1;
            int lastY = -1;
            for (double xv = 1; xv <= MAX_X; xv *= 1.05)
            {
                final double percentile = 100.0 * (1 - 1 / xv);
                final double micros = Math.max(yLow, r.histogram().getValueAtPercentile(percentile) / 1000.0);
                final int px = LEFT + (int)(plotW * Math.log10(xv) / Math.log10(MAX_X));
                final int py = yPixel(micros, yLow, yHigh, plotH);
                if (lastX >= 0)
                {
                    g.drawLine(lastX, lastY, px, py);
                }
                lastX = px;
                lastY = py;
            }
            g.fillRect(LEFT + plotW + 20, legendY - 9, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(r.label() + (r.keptUp() ? "" : " (fell behind)"), LEFT + plotW + 45, legendY - 3);
            legendY += 20;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static int yPixel(final double micros, final double low, final double high, final int plotH)
    {
        final double f = (Math.log10(micros) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
        return TOP + plotH - (int)(plotH * Math.min(1, Math.max(0, f)));
    }

    private static String trim(final double v)
    {
        final String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
