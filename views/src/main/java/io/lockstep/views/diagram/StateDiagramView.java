package io.lockstep.views.diagram;

import io.lockstep.api.statemachine.StateKind;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * One live diagram drawn as scene nodes from the model's {@link DiagramLayout}: a box per state with
 * its live count, an orthogonal path per transition with its label where the layout put it, scaled to
 * fit the page. Counts are redrawn once per revision of the live model, only where they changed;
 * transitions flash their edge, refusals the state that blocked them, for a moment. Colours come from
 * the stylesheet (the theme's colours), so a theme change needs no rebuild. FX thread only.
 */
public final class StateDiagramView {

    private static final long FLASH_NANOS = 900_000_000L;
    /** Larger than 100% only so far: a small machine on a big screen should not look like a poster. */
    private static final double MAX_SCALE = 1.35;

    private final DiagramModel model;
    private final StateMachinesViewModel vm;
    private final Pane root = new Pane();
    private final Group drawing = new Group();
    private final Map<String, Node> boxes = new HashMap<>();
    private final Map<String, Text> counts = new HashMap<>();
    private final Map<String, List<Node>> edges = new HashMap<>();
    private final Map<String, Integer> shownCounts = new HashMap<>();
    private final Map<String, Long> lit = new HashMap<>();
    private final Map<String, String> litClass = new HashMap<>();
    private final Timeline fader = new Timeline(new KeyFrame(Duration.millis(100), e -> fade()));
    private final javafx.beans.value.ChangeListener<Number> revisionListener = (o, a, b) -> refreshCounts();
    private final java.util.function.Consumer<List<Flash>> flashListener = this::flash;

    public StateDiagramView(DiagramModel model, StateMachinesViewModel vm) {
        this.model = model;
        this.vm = vm;
        DiagramLayout layout = model.layout();
        Rectangle paper = new Rectangle(layout.width(), layout.height());
        paper.getStyleClass().add("diagram-paper");
        drawing.getChildren().add(paper);
        for (var t : model.edges()) {
            drawEdge(t, layout);
        }
        for (var c : layout.captions()) {
            drawCaption(c);
        }
        for (var n : model.nodes()) {
            drawState(n, layout.box(n.id()).orElseThrow());
        }
        // Unmanaged: a count or a flash inside the drawing never asks the page for a new layout, and
        // the page never measures the drawing's few hundred shapes (fit() places and scales it).
        drawing.setManaged(false);
        root.getChildren().add(drawing);
        // Counts are redrawn only while the diagram is on screen (a hidden tab or page costs nothing);
        // shown again, it catches up at once.
        root.sceneProperty().addListener((o, was, is) -> {
            if (is != null) {
                refreshCounts();
            }
        });
        root.getStyleClass().add("diagram");
        root.setId(model.resource() + "-diagram");
        root.setMinSize(0, 0);
        root.widthProperty().addListener((o, a, b) -> fit());
        root.heightProperty().addListener((o, a, b) -> fit());
        fader.setCycleCount(Animation.INDEFINITE);
        vm.model().revisionProperty().addListener(revisionListener);
        vm.redrawProperty().addListener(revisionListener);
        vm.addFlashListener(flashListener);
        refreshCounts();
    }

    private void drawEdge(DiagramModel.Transition t, DiagramLayout layout) {
        List<DiagramLayout.Point> points = layout.routes().get(t.id()).points();
        Polyline line = new Polyline();
        points.forEach(p -> line.getPoints().addAll(p.x(), p.y()));
        line.getStyleClass().add("diagram-edge");
        // A wide line under the edge, transparent until it flashes: a flash then changes a colour only,
        // never a width (a width would move bounds, and the drawing would recompute its own).
        Polyline halo = new Polyline();
        halo.getPoints().setAll(line.getPoints());
        halo.getStyleClass().add("diagram-edge-halo");
        halo.setMouseTransparent(true);
        if (t.failure()) {
            line.getStyleClass().add("failure");
        }
        DiagramLayout.Point end = points.get(points.size() - 1);
        DiagramLayout.Point before = points.get(points.size() - 2);
        double dx = end.x() - before.x(), dy = end.y() - before.y(), len = Math.max(1, Math.hypot(dx, dy));
        dx /= len;
        dy /= len;
        Polygon head = new Polygon(end.x(), end.y(), end.x() - 10 * dx - 4.5 * dy, end.y() - 10 * dy + 4.5 * dx,
                end.x() - 10 * dx + 4.5 * dy, end.y() - 10 * dy - 4.5 * dx);
        head.getStyleClass().add("diagram-arrow");
        drawing.getChildren().addAll(halo, line, head);
        edges.computeIfAbsent(t.id(), k -> new java.util.ArrayList<>()).addAll(List.of(halo, line, head));
    }

    private void drawCaption(DiagramLayout.Caption c) {
        Rectangle back = new Rectangle(c.box().x(), c.box().y(), c.box().w(), c.box().h());
        back.setArcWidth(6);
        back.setArcHeight(6);
        back.getStyleClass().add("diagram-caption-back");
        Text text = new Text(c.text());
        text.getStyleClass().add("diagram-caption");
        text.setWrappingWidth(c.box().w());
        text.setTextAlignment(TextAlignment.CENTER);
        text.setTextOrigin(VPos.TOP);
        text.setX(c.box().x());
        text.setY(c.box().y() + 1);
        drawing.getChildren().addAll(back, text);
        edges.computeIfAbsent(c.edgeId(), k -> new java.util.ArrayList<>()).add(text);
    }

    private void drawState(DiagramModel.StateNode n, DiagramLayout.Box b) {
        if (DiagramModel.ENTRY.equals(n.id())) {
            Circle dot = new Circle(b.centerX(), b.centerY(), b.w() / 2);
            dot.getStyleClass().add("diagram-entry");
            Tooltip.install(dot, new Tooltip(n.description()));
            drawing.getChildren().add(dot);
            return;
        }
        Rectangle box = new Rectangle(b.x(), b.y(), b.w(), b.h());
        box.setArcWidth(12);
        box.setArcHeight(12);
        Text label = new Text(label(n.id()));
        label.setWrappingWidth(b.w());
        label.setTextAlignment(TextAlignment.CENTER);
        label.setTextOrigin(VPos.CENTER);
        label.setX(b.x());
        label.setY(b.centerY());
        label.setMouseTransparent(true);
        Group state = new Group(box, label);
        state.getStyleClass().addAll("diagram-state", baseClass(n.id()));
        state.setId(model.resource() + "-state-" + n.id());
        state.setCursor(Cursor.HAND);
        state.setOnMouseClicked(e -> vm.open(model.resource(), n.id()));
        Tooltip.install(box, new Tooltip(n.id() + ": " + n.description()));
        drawing.getChildren().add(state);
        boxes.put(n.id(), state);
        counts.put(n.id(), label);
    }

    /** Scales the drawing to the page, centred, never past {@link #MAX_SCALE}. */
    private void fit() {
        DiagramLayout layout = model.layout();
        double w = root.getWidth(), h = root.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        double s = Math.min(MAX_SCALE, Math.min(w / layout.width(), h / layout.height()));
        drawing.setScaleX(s);
        drawing.setScaleY(s);
        // Scale turns about the group's centre: place that centre at the page's.
        drawing.setLayoutX((w - layout.width()) / 2);
        drawing.setLayoutY((h - layout.height()) / 2);
    }

    /** The scale the drawing is shown at now (1 = the layout's pixels). */
    public double scale() {
        return drawing.getScaleX();
    }

    public Region root() {
        return root;
    }

    public DiagramModel model() {
        return model;
    }

    /** The label a state shows now: its name and live count (none for the terminal state). */
    String label(String state) {
        if (DiagramModel.ENTRY.equals(state)) {
            return "";
        }
        var n = model.node(state).orElseThrow();
        return n.kind() == StateKind.TERMINAL ? state : state + "\n" + vm.count(model.resource(), state);
    }

    private String baseClass(String state) {
        return model.node(state).orElseThrow().kind().name().toLowerCase(Locale.ROOT);
    }

    private void refreshCounts() {
        if (root.getScene() == null) {
            return;
        }
        for (var n : model.nodes()) {
            Text t = counts.get(n.id());
            if (t == null) {
                continue;
            }
            int c = vm.count(model.resource(), n.id());
            Integer before = shownCounts.put(n.id(), c);
            if (before == null || before != c) {
                t.setText(label(n.id()));
            }
        }
    }

    private void flash(List<Flash> flashes) {
        long until = System.nanoTime() + FLASH_NANOS;
        for (Flash f : flashes) {
            if (!f.resource().equals(model.resource())) {
                continue;
            }
            String key = (f.kind() == Flash.Kind.EDGE ? "e:" : "n:") + f.element();
            String cls = f.kind() == Flash.Kind.REFUSED ? "refused" : "flash";
            if (!cls.equals(litClass.get(key)) || !lit.containsKey(key)) {
                setLit(key, litClass.get(key), cls);
                litClass.put(key, cls);
            }
            lit.put(key, until);
        }
        if (!lit.isEmpty() && fader.getStatus() != Animation.Status.RUNNING) {
            fader.play();
        }
    }

    private void fade() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Long>> it = lit.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getValue() < now) {
                String key = entry.getKey();
                setLit(key, litClass.remove(key), null);
                it.remove();
            }
        }
        if (lit.isEmpty()) {
            fader.stop();
        }
    }

    private void setLit(String key, String was, String now) {
        List<Node> targets = key.startsWith("e:") ? edges.getOrDefault(key.substring(2), List.of())
                : boxes.containsKey(key.substring(2)) ? List.of(boxes.get(key.substring(2))) : List.of();
        for (Node n : targets) {
            if (was != null) {
                n.getStyleClass().remove(was);
            }
            if (now != null) {
                n.getStyleClass().add(now);
            }
        }
    }

    /** The label the diagram shows for a state right now (off screen: what it will show when shown). */
    public String labelShown(String state) {
        Text t = counts.get(state);
        if (t == null) {
            return null;
        }
        return root.getScene() == null ? label(state) : t.getText(); // hidden: what it shows once on screen
    }

    /** Where a state is drawn now, in screen coordinates (what a click on it would hit). */
    public Point2D screenPointOf(String state) {
        Node n = boxes.get(state);
        if (n == null || n.getScene() == null) {
            return null;
        }
        var b = n.getBoundsInLocal();
        return n.localToScreen(b.getCenterX(), b.getCenterY());
    }

    /** How an edge ({@code from->to}) or a state is lit now: "flash", "refused", or null when it is not. */
    public String litAs(String edgeOrState) {
        String edge = litClass.get("e:" + edgeOrState);
        return edge != null ? edge : litClass.get("n:" + edgeOrState);
    }

    /** The drawing at 100%, whatever the page's size (the PNG export). */
    public WritableImage snapshot() {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(javafx.scene.transform.Transform.scale(1 / Math.max(1e-6, drawing.getScaleX()),
                1 / Math.max(1e-6, drawing.getScaleY())));
        return drawing.snapshot(p, null);
    }

    /** Stops listening and drawing (the view is being replaced). */
    public void close() {
        vm.model().revisionProperty().removeListener(revisionListener);
        vm.redrawProperty().removeListener(revisionListener);
        vm.removeFlashListener(flashListener);
        fader.stop();
    }
}
