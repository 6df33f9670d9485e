package io.lockstep.views.diagram;

import io.lockstep.api.statemachine.StateKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Writes a diagram as a standalone SVG from the same layout the live view and the PNG use (boxes,
 * orthogonal routes, label places), with the counts at the moment of export. Stateless.
 */
public final class DiagramSvg {

    private static final Map<StateKind, String[]> COLORS = Map.of(
            StateKind.STABLE, new String[] {"#dafbe1", "#1a7f37"},
            StateKind.TRANSITIONAL, new String[] {"#ddf4ff", "#0969da"},
            StateKind.ERROR, new String[] {"#ffebe9", "#cf222e"},
            StateKind.TERMINAL, new String[] {"#eaeef2", "#57606a"});
    private DiagramSvg() {
    }

    public static String render(DiagramModel model, ToIntFunction<String> count) {
        DiagramLayout layout = model.layout();
        double top = 34; // room for the title above the drawing
        double width = layout.width(), height = layout.height() + top;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>%n", width, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"22\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                esc(model.resource() + " state machine")));
        sb.append(String.format(Locale.ROOT, "<g transform=\"translate(0 %.0f)\">%n", top));
        for (var e : model.edges()) {
            var points = layout.routes().get(e.id()).points();
            StringBuilder d = new StringBuilder();
            for (var p : points) {
                d.append(d.length() == 0 ? "M " : " L ").append(String.format(Locale.ROOT, "%.1f %.1f", p.x(), p.y()));
            }
            sb.append("<path d=\"").append(d).append(e.failure()
                    ? "\" fill=\"none\" stroke=\"#cf222e\" stroke-width=\"1.3\" stroke-dasharray=\"6 4\"/>\n"
                    : "\" fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1.3\"/>\n");
            // The arrowhead as a plain polygon: markers are not drawn by every renderer.
            var end = points.get(points.size() - 1);
            var before = points.get(points.size() - 2);
            double ax = end.x() - before.x(), ay = end.y() - before.y(), al = Math.max(1, Math.hypot(ax, ay));
            ax /= al;
            ay /= al;
            sb.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#57606a\"/>%n",
                    end.x(), end.y(), end.x() - 10 * ax - 4.5 * ay, end.y() - 10 * ay + 4.5 * ax,
                    end.x() - 10 * ax + 4.5 * ay, end.y() - 10 * ay - 4.5 * ax));
        }
        for (var c : layout.captions()) {
            var b = c.box();
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" "
                    + "fill=\"#ffffff\"/>%n", b.x(), b.y(), b.w(), b.h()));
            List<String> lines = c.text().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#57606a\" "
                        + "font-size=\"11\">%s</text>%n", b.centerX(), b.y() + 12 + i * DiagramLayout.LINE_HEIGHT,
                        esc(lines.get(i))));
            }
        }
        for (var n : model.nodes()) {
            var b = layout.box(n.id()).orElseThrow();
            if (n.id().equals(DiagramModel.ENTRY)) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#24292f\"/>%n",
                        b.centerX(), b.centerY(), b.w() / 2));
                continue;
            }
            String[] c = COLORS.get(n.kind());
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"6\" "
                    + "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", b.x(), b.y(), b.w(), b.h(), c[0], c[1]));
            boolean counted = n.kind() != StateKind.TERMINAL;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\" "
                    + "fill=\"%s\">%s</text>%n", b.centerX(), b.centerY() + (counted ? -2 : 4), c[1], esc(n.id())));
            if (counted) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\" "
                        + "font-size=\"11\">%d</text>%n", b.centerX(), b.centerY() + 13, c[1], count.applyAsInt(n.id())));
            }
        }
        sb.append("</g>\n</svg>\n");
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
