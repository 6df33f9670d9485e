package io.lockstep.views.conflict;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The matrix's cells drawn on one canvas: a letter per pair on its verdict's colour, a dark red frame
 * for violations, bold once raced for real, the selected pair outlined. One node instead of one label
 * per cell: the share family's 600 labels were walked for bounds and picking on every pulse, about a
 * quarter of the FX thread under load. Clicks select a pair; the tooltip follows the pair under the
 * pointer. FX thread only.
 */
final class MatrixCells extends Canvas {

    static final double CELL_W = 26;
    static final double CELL_H = 22;
    static final double GAP = 2;

    /** Background and text colours per verdict, readable on both themes. */
    private static final Map<String, Color[]> COLOURS = Map.of(
            "commutative", new Color[] {Color.web("#d8f0dd"), Color.web("#1b5e20")},
            "exclusive", new Color[] {Color.web("#d6e6fa"), Color.web("#0d47a1")},
            "guarded", new Color[] {Color.web("#fbe7c2"), Color.web("#7a4a00")},
            "unsafe", new Color[] {Color.web("#f6c9c9"), Color.web("#8b0000")});
    private static final Color VIOLATION = Color.web("#8b0000");
    private static final Font PLAIN = Font.font(12);
    private static final Font RACED = Font.font(null, FontWeight.BOLD, 12);

    private final BiFunction<String, String, ConflictsViewModel.Pair> pairs;
    private final Tooltip tooltip = new Tooltip();
    private List<String> rows = List.of();
    private List<String> columns = List.of();
    private ConflictsViewModel.Pair selected;
    private ConflictsViewModel.Pair hovered;

    MatrixCells(BiFunction<String, String, ConflictsViewModel.Pair> pairs, Consumer<ConflictsViewModel.Pair> select) {
        this.pairs = pairs;
        setId("conflict-cells");
        setOnMouseClicked(e -> {
            ConflictsViewModel.Pair p = at(e.getX(), e.getY());
            if (p != null) {
                select.accept(p);
            }
        });
        setOnMouseMoved(e -> {
            ConflictsViewModel.Pair p = at(e.getX(), e.getY());
            if (p != hovered) {
                hovered = p;
                tooltip.setText(p == null ? null : describe(p));
                if (p == null) {
                    Tooltip.uninstall(this, tooltip);
                } else {
                    Tooltip.install(this, tooltip);
                }
            }
        });
    }

    static String describe(ConflictsViewModel.Pair p) {
        return p.a() + " against " + p.b() + ": " + p.verdicts() + "\n" + p.cells().get(0).reason() + "\n"
                + (p.trials() == 0 ? "not raced for real yet"
                : "raced for real: " + p.trials() + " trials, " + p.violations() + " violations");
    }

    /** The pairs to draw: operations down, second operations across. */
    void show(List<String> rows, List<String> columns) {
        this.rows = List.copyOf(rows);
        this.columns = List.copyOf(columns);
        setWidth(Math.max(0, columns.size() * (CELL_W + GAP) - GAP));
        setHeight(Math.max(0, rows.size() * (CELL_H + GAP) - GAP));
        draw();
    }

    void select(ConflictsViewModel.Pair p) {
        selected = p;
        draw();
    }

    /** The pair drawn at (x, y), or null between cells or where there is none. */
    ConflictsViewModel.Pair at(double x, double y) {
        int j = (int) (x / (CELL_W + GAP));
        int i = (int) (y / (CELL_H + GAP));
        if (x < 0 || y < 0 || i >= rows.size() || j >= columns.size() || x - j * (CELL_W + GAP) > CELL_W
                || y - i * (CELL_H + GAP) > CELL_H) {
            return null;
        }
        return pairs.apply(rows.get(i), columns.get(j));
    }

    private void draw() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                ConflictsViewModel.Pair p = pairs.apply(rows.get(i), columns.get(j));
                if (p == null) {
                    continue;
                }
                double x = j * (CELL_W + GAP);
                double y = i * (CELL_H + GAP);
                Color[] c = COLOURS.getOrDefault(p.worst(), COLOURS.get("commutative"));
                g.setFill(c[0]);
                g.fillRect(x, y, CELL_W, CELL_H);
                String letter = p.worst().substring(0, 1).toUpperCase(Locale.ROOT);
                g.setFill(c[1]);
                g.setFont(p.trials() > 0 ? RACED : PLAIN);
                g.fillText(p.violations() > 0 ? letter + "!" : letter, x + CELL_W / 2, y + CELL_H / 2);
                if (p.violations() > 0) {
                    g.setStroke(VIOLATION);
                    g.setLineWidth(2);
                    g.strokeRect(x + 1, y + 1, CELL_W - 2, CELL_H - 2);
                }
                if (selected != null && selected.a().equals(p.a()) && selected.b().equals(p.b())) {
                    g.setStroke(c[1]);
                    g.setLineWidth(2);
                    g.strokeRect(x + 1, y + 1, CELL_W - 2, CELL_H - 2);
                }
            }
        }
    }
}
