package dev.sfautoscaler.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart writer: two stacked panels over one time axis (backlog on a log scale,
 * capacity on a linear scale), one line per policy, legend on the right. Plain SVG with a generic
 * font and no scripts, so GitHub renders it; coordinates are rounded so the output is stable.
 * The benchmark draws hours; the sandbox draws minutes and a capacity line without a backlog.
 */
public final class SvgChart {

    /**
     * One policy's lines: time in the axis unit (hours unless told), backlog and capacity per point.
     * A {@code null} backlog draws the capacity line only.
     */
    public record Line(String name, double[] time, double[] backlog, double[] capacity, boolean emphasise) {
    }

    /** The benchmark's capacity panel: what each policy pays for. */
    static final String BILLED = "Capacity billed, units (dashed: work arriving)";

    static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#b07aa1", "#9c755f",
        "#ff9da7", "#17becf", "#bab0ac", "#edc948"};

    /** The emphasised line (our default policy) is black, whatever its position. */
    static final String EMPHASIS = "#000000";

    private static final int WIDTH = 960;
    private static final int LEFT = 64;
    private static final int PLOT_RIGHT = 750;
    private static final int TOP1 = 48;
    private static final int BOTTOM1 = 268;
    private static final int TOP2 = 312;
    private static final int BOTTOM2 = 500;
    private static final int HEIGHT = 540;

    private SvgChart() {
    }

    /**
     * @param title      chart title
     * @param lines      one per policy, drawn in order (the emphasised one last, on top)
     * @param needHours  x of the reference line
     * @param need       capacity the arriving work needs (units), drawn dashed in the capacity panel
     * @param maxHours   end of the time axis
     * @param capacityMax top of the capacity axis
     */
    static String render(String title, List<Line> lines, double[] needHours, double[] need, double maxHours,
            double capacityMax) {
        return render(title, lines, needHours, need, maxHours, "h", BILLED, capacityMax);
    }

    /**
     * As above, with the time axis in {@code timeUnit} (its tick labels read "30 min" for "min")
     * and the capacity panel titled {@code capacityLabel}.
     */
    public static String render(String title, List<Line> lines, double[] needTimes, double[] need, double maxTime,
            String timeUnit, String capacityLabel, double capacityMax) {
        double backlogMax = 1;
        for (Line l : lines) {
            if (l.backlog() == null) {
                continue;
            }
            for (double v : l.backlog()) {
                backlogMax = Math.max(backlogMax, v);
            }
        }
        double logMax = Math.ceil(Math.log10(backlogMax + 1));
        double capTop = niceCeil(capacityMax);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        // Backlog panel (log scale).
        s.append(text(LEFT, TOP1 - 8, "Backlog (visible + in flight), messages, log scale"));
        for (int e = 0; e <= logMax; e++) {
            double y = yLog(Math.pow(10, e) - 1, logMax);
            s.append(gridLine(y)).append(tick(y, e == 0 ? "0" : label(Math.pow(10, e))));
        }
        // Capacity panel.
        s.append(text(LEFT, TOP2 - 8, capacityLabel));
        for (double v : ticks(capTop)) {
            double y = yLin(v, capTop);
            s.append(gridLine(y)).append(tick(y, label(v)));
        }
        // Time axis.
        for (double h : ticks(maxTime)) {
            double x = x(h, maxTime);
            s.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(BOTTOM2).append("\" x2=\"").append(f(x))
                    .append("\" y2=\"").append(BOTTOM2 + 4).append("\" stroke=\"#555\"/>\n");
            s.append("<text x=\"").append(f(x)).append("\" y=\"").append(BOTTOM2 + 16)
                    .append("\" text-anchor=\"middle\">").append(label(h)).append(' ').append(escape(timeUnit))
                    .append("</text>\n");
        }
        s.append(frame(TOP1, BOTTOM1)).append(frame(TOP2, BOTTOM2));
        s.append(polyline(needTimes, need, maxTime, v -> yLin(Math.min(v, capTop), capTop), "#333333", 1.2,
                "stroke-dasharray=\"4 3\" "));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).emphasise()) {
                order.add(i);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).emphasise()) {
                order.add(i);
            }
        }
        for (int i : order) {
            Line l = lines.get(i);
            String color = color(lines, i);
            double width = l.emphasise() ? 2.0 : 1.2;
            if (l.backlog() != null) {
                s.append(polyline(l.time(), l.backlog(), maxTime, v -> yLog(v, logMax), color, width, ""));
            }
            s.append(polyline(l.time(), l.capacity(), maxTime, v -> yLin(Math.min(v, capTop), capTop), color, width,
                    ""));
        }
        // Legend.
        int ly = TOP1 + 4;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            String color = color(lines, i);
            s.append("<line x1=\"").append(PLOT_RIGHT + 16).append("\" y1=\"").append(ly).append("\" x2=\"")
                    .append(PLOT_RIGHT + 40).append("\" y2=\"").append(ly).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"").append(l.emphasise() ? "3" : "2").append("\"/>\n");
            s.append("<text x=\"").append(PLOT_RIGHT + 46).append("\" y=\"").append(ly + 4).append("\"")
                    .append(l.emphasise() ? " font-weight=\"bold\"" : "").append(">").append(escape(l.name()))
                    .append("</text>\n");
            ly += 18;
        }
        s.append("<line x1=\"").append(PLOT_RIGHT + 16).append("\" y1=\"").append(ly).append("\" x2=\"")
                .append(PLOT_RIGHT + 40).append("\" y2=\"").append(ly)
                .append("\" stroke=\"#333333\" stroke-dasharray=\"4 3\"/>\n");
        s.append("<text x=\"").append(PLOT_RIGHT + 46).append("\" y=\"").append(ly + 4)
                .append("\">work arriving</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private static String color(List<Line> lines, int i) {
        if (lines.get(i).emphasise()) {
            return EMPHASIS;
        }
        int k = 0;
        for (int j = 0; j < i; j++) {
            if (!lines.get(j).emphasise()) {
                k++;
            }
        }
        return PALETTE[k % PALETTE.length];
    }

    private interface Scale {
        double y(double v);
    }

    private static String polyline(double[] hours, double[] values, double maxHours, Scale scale, String color,
            double width, String extra) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                p.append(' ');
            }
            p.append(f(x(hours[i], maxHours))).append(',').append(f(scale.y(values[i])));
        }
        return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + f(width) + "\" " + extra
                + "stroke-linejoin=\"round\" points=\"" + p + "\"/>\n";
    }

    private static double x(double hours, double maxHours) {
        return LEFT + (PLOT_RIGHT - LEFT) * hours / maxHours;
    }

    private static double yLog(double v, double logMax) {
        return BOTTOM1 - (BOTTOM1 - TOP1) * Math.log10(Math.max(0, v) + 1) / logMax;
    }

    private static double yLin(double v, double max) {
        return BOTTOM2 - (BOTTOM2 - TOP2) * Math.max(0, v) / max;
    }

    private static String frame(int top, int bottom) {
        return "<rect x=\"" + LEFT + "\" y=\"" + top + "\" width=\"" + (PLOT_RIGHT - LEFT) + "\" height=\""
                + (bottom - top) + "\" fill=\"none\" stroke=\"#555\"/>\n";
    }

    private static String gridLine(double y) {
        return "<line x1=\"" + LEFT + "\" y1=\"" + f(y) + "\" x2=\"" + PLOT_RIGHT + "\" y2=\"" + f(y)
                + "\" stroke=\"#e4e4e4\"/>\n";
    }

    private static String tick(double y, String label) {
        return "<text x=\"" + (LEFT - 6) + "\" y=\"" + f(y + 4) + "\" text-anchor=\"end\">" + label + "</text>\n";
    }

    private static String text(int x, int y, String t) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" fill=\"#333\">" + escape(t) + "</text>\n";
    }

    /** About five round tick values from 0 to max. */
    static List<Double> ticks(double max) {
        double step = niceStep(max / 5);
        List<Double> out = new ArrayList<>();
        for (double v = 0; v <= max + 1e-9; v += step) {
            out.add(v);
        }
        return out;
    }

    static double niceCeil(double v) {
        double step = niceStep(Math.max(1, v) / 5);
        return Math.ceil(Math.max(1, v) / step) * step;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    static String label(double v) {
        if (v >= 1000 && v % 1000 == 0) {
            return (long) (v / 1000) + "k";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
