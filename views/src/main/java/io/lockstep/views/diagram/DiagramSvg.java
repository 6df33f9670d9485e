package io.lockstep.views.diagram;

import io.lockstep.api.statemachine.StateKind;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Writes a diagram as a standalone SVG from the same model and places the live view uses, with the
 * counts at the moment of export. Stateless.
 */
public final class DiagramSvg {

    private static final Map<StateKind, String[]> COLORS = Map.of(
            StateKind.STABLE, new String[] {"#dafbe1", "#1a7f37"},
            StateKind.TRANSITIONAL, new String[] {"#ddf4ff", "#0969da"},
            StateKind.ERROR, new String[] {"#ffebe9", "#cf222e"},
            StateKind.TERMINAL, new String[] {"#eaeef2", "#57606a"});
    private static final double W = 270;
    private static final double H = 40;
    private static final double MARGIN = 60;

    private DiagramSvg() {
    }

    public static String render(DiagramModel model, ToIntFunction<String> count) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (var n : model.nodes()) {
            minX = Math.min(minX, n.x());
            maxX = Math.max(maxX, n.x());
            minY = Math.min(minY, -n.y());
            maxY = Math.max(maxY, -n.y());
        }
        double ox = MARGIN + W / 2 - minX;
        double oy = MARGIN + H / 2 - minY;
        double width = maxX - minX + W + 2 * MARGIN;
        double height = maxY - minY + H + 2 * MARGIN;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>%n", width, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"22\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                esc(model.resource() + " state machine")));
        for (var e : model.edges()) {
            var a = model.node(e.from()).orElseThrow();
            var b = model.node(e.to()).orElseThrow();
            double x1 = a.x() + ox, y1 = -a.y() + oy, x2 = b.x() + ox, y2 = -b.y() + oy;
            boolean back = model.edges().stream().anyMatch(o -> o.from().equals(e.to()) && o.to().equals(e.from()));
            // A pair of opposite edges bends apart so neither line nor label sits on the other.
            double bend = back ? 26 : 0;
            double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
            double dx = x2 - x1, dy = y2 - y1, len = Math.max(1, Math.hypot(dx, dy));
            double cx = mx - dy / len * bend, cy = my + dx / len * bend;
            double[] end = clip(cx, cy, x2, y2, DiagramModel.boxWidth(b.id()));
            sb.append(String.format(Locale.ROOT, "<path d=\"M %.1f %.1f Q %.1f %.1f %.1f %.1f\" fill=\"none\" "
                    + "stroke=\"#8c959f\" stroke-width=\"1.3\"/>%n", x1, y1, cx, cy, end[0], end[1]));
            // The arrowhead as a plain polygon: markers and paint-order are not drawn by every renderer.
            double ax = end[0] - cx, ay = end[1] - cy, al = Math.max(1, Math.hypot(ax, ay));
            ax /= al;
            ay /= al;
            sb.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#57606a\"/>%n",
                    end[0], end[1], end[0] - 10 * ax - 4 * ay, end[1] - 10 * ay + 4 * ax,
                    end[0] - 10 * ax + 4 * ay, end[1] - 10 * ay - 4 * ax));
            double lx = (x1 + 2 * cx + x2) / 4, ly = (y1 + 2 * cy + y2) / 4;
            double lw = 6.2 * e.label().length() + 6;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" rx=\"3\" "
                    + "fill=\"#ffffff\" stroke=\"none\"/>%n", lx - lw / 2, ly - 11, lw));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#57606a\" "
                    + "font-size=\"11\">%s</text>%n", lx, ly, esc(e.label())));
        }
        for (var n : model.nodes()) {
            double x = n.x() + ox, y = -n.y() + oy;
            if (n.id().equals(DiagramModel.ENTRY)) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"#24292f\"/>%n", x, y));
                continue;
            }
            String[] c = COLORS.get(n.kind());
            double w = DiagramModel.boxWidth(n.id());
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"8\" "
                    + "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", x - w / 2, y - H / 2, w, H, c[0], c[1]));
            String label = n.kind() == StateKind.TERMINAL ? n.id() : n.id() + "  " + count.applyAsInt(n.id());
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                    x, y + 4, c[1], esc(label)));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** Where the line from (fx, fy) to a node's centre meets the node's box. */
    private static double[] clip(double fx, double fy, double x, double y, double w) {
        double dx = fx - x, dy = fy - y;
        double t = Math.min(Math.abs(dx) < 1e-9 ? Double.MAX_VALUE : (w / 2) / Math.abs(dx),
                Math.abs(dy) < 1e-9 ? Double.MAX_VALUE : (H / 2) / Math.abs(dy));
        t = Math.min(t, 1);
        return new double[] {x + dx * t, y + dy * t};
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
