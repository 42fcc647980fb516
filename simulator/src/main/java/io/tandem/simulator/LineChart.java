package io.tandem.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A plain line chart drawn with Java2D into a PNG: axes, ticks, one coloured line per series, a
 * legend.
 */
final class LineChart {

    record Series(String name, double[] x, double[] y) {}

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
                new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
                new Color(0x17becf)
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final List<Series> series = new ArrayList<>();

    LineChart(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    LineChart add(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y));
        return this;
    }

    void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double[] xr = range(true);
        double[] yr = range(false);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double fx = i / 5.0;
            double fy = i / 5.0;
            int px = LEFT + (int) (fx * plotW);
            int py = TOP + plotH - (int) (fy * plotH);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, TOP + plotH);
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            double xv =
                    logX
                            ? Math.pow(10, xr[0] + fx * (xr[1] - xr[0]))
                            : xr[0] + fx * (xr[1] - xr[0]);
            double yv = yr[0] + fy * (yr[1] - yr[0]);
            g.drawString(format(xv), px - 15, TOP + plotH + 18);
            g.drawString(format(yv), LEFT - 55, py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString(xLabel, LEFT + plotW / 2 - 40, HEIGHT - 15);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2 + 40), 20);
        g.rotate(Math.PI / 2);

        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(PALETTE[s % PALETTE.length]);
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < line.x().length; i++) {
                double x = xValue(line.x()[i]);
                double y = line.y()[i];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                double px = LEFT + (x - xr[0]) / (xr[1] - xr[0]) * plotW;
                double py = TOP + plotH - (y - yr[0]) / (yr[1] - yr[0]) * plotH;
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
            }
            g.draw(path);
            int ly = TOP + 20 + 22 * s;
            g.drawLine(WIDTH - RIGHT + 15, ly - 4, WIDTH - RIGHT + 40, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name(), WIDTH - RIGHT + 48, ly);
        }
    }

    private double xValue(double x) {
        return logX ? (x > 0 ? Math.log10(x) : Double.NaN) : x;
    }

    private double[] range(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] values = xAxis ? s.x() : s.y();
            for (double raw : values) {
                double v = xAxis ? xValue(raw) : raw;
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (!xAxis) {
            lo = Math.min(lo, 0);
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        return new double[] {lo, hi};
    }

    private static String format(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 1) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }
}
