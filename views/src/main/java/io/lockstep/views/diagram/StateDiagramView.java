package io.lockstep.views.diagram;

import io.lockstep.api.statemachine.StateKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.graphstream.graph.Edge;
import org.graphstream.ui.geom.Point3;
import org.graphstream.graph.Graph;
import org.graphstream.graph.implementations.MultiGraph;
import org.graphstream.ui.fx_viewer.FxDefaultView;
import org.graphstream.ui.fx_viewer.FxViewer;
import org.graphstream.ui.graphicGraph.GraphicElement;
import org.graphstream.ui.graphicGraph.GraphicGraph;
import org.graphstream.ui.view.View;
import org.graphstream.ui.view.Viewer;
import org.graphstream.ui.view.util.InteractiveElement;
import org.graphstream.ui.view.util.MouseManager;

/**
 * One live GraphStream diagram: nodes at the model's fixed places, labels carrying the live count,
 * edges and states that flash for a moment when events touch them. Counts are redrawn once per
 * revision of the live model, only where they changed. FX thread only.
 */
public final class StateDiagramView {

    private static final long FLASH_NANOS = 900_000_000L;

    private final DiagramModel model;
    private final StateMachinesViewModel vm;
    private final Graph graph;
    private final FxViewer viewer;
    private final FxDefaultView panel;
    private final StackPane root;
    private final Map<String, Integer> shownCounts = new HashMap<>();
    private final Map<String, Long> lit = new HashMap<>();
    private final Map<String, String> litClass = new HashMap<>();
    private final Timeline fader = new Timeline(new KeyFrame(Duration.millis(100), e -> fade()));
    private final javafx.beans.value.ChangeListener<Number> revisionListener = (o, a, b) -> refreshCounts();
    private final java.util.function.Consumer<List<Flash>> flashListener = this::flash;

    public StateDiagramView(DiagramModel model, StateMachinesViewModel vm, boolean dark) {
        this.model = model;
        this.vm = vm;
        this.graph = new MultiGraph(model.resource());
        graph.setAttribute("ui.stylesheet", stylesheet(dark));
        graph.setAttribute("ui.quality");
        graph.setAttribute("ui.antialias");
        for (var n : model.nodes()) {
            var node = graph.addNode(n.id());
            node.setAttribute("xyz", n.x(), n.y(), 0);
            node.setAttribute("ui.class", baseClass(n.id()));
            node.setAttribute("ui.label", label(n.id()));
            if (!DiagramModel.ENTRY.equals(n.id())) {
                node.setAttribute("ui.style", "size: " + (int) DiagramModel.boxWidth(n.id()) + "px, 34px;");
            }
        }
        for (var t : model.edges()) {
            Edge e = graph.addEdge(t.id(), t.from(), t.to(), true);
            e.setAttribute("ui.label", t.label());
            if (model.edge(t.to(), t.from()).isPresent()) {
                // A pair of opposite edges would put both labels on one spot: move them apart.
                boolean back = model.node(t.from()).orElseThrow().x() > model.node(t.to()).orElseThrow().x();
                e.setAttribute("ui.style", "text-offset: 0px, " + (back ? -12 : 12) + "px;");
            }
        }
        viewer = new FxViewer(graph, Viewer.ThreadingModel.GRAPH_IN_ANOTHER_THREAD);
        viewer.disableAutoLayout();
        panel = (FxDefaultView) viewer.addDefaultView(false);
        panel.setMouseManager(new StillMouse()); // states stay where the layout put them
        panel.setId(model.resource() + "-diagram");
        panel.setOnMouseClicked(e -> {
            GraphicElement hit = panel.findGraphicElementAt(EnumSet.of(InteractiveElement.NODE), e.getX(), e.getY());
            if (hit != null) {
                vm.open(model.resource(), hit.getId());
            }
        });
        root = new StackPane(panel);
        root.getStyleClass().add("diagram");
        fader.setCycleCount(Animation.INDEFINITE);
        vm.model().revisionProperty().addListener(revisionListener);
        vm.redrawProperty().addListener(revisionListener);
        vm.addFlashListener(flashListener);
        refreshCounts();
    }

    public Node root() {
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
        return n.kind() == StateKind.TERMINAL ? state : state + "   " + vm.count(model.resource(), state);
    }

    private String baseClass(String state) {
        if (DiagramModel.ENTRY.equals(state)) {
            return "entry";
        }
        return model.node(state).orElseThrow().kind().name().toLowerCase(Locale.ROOT);
    }

    private void refreshCounts() {
        for (var n : model.nodes()) {
            int c = vm.count(model.resource(), n.id());
            Integer before = shownCounts.put(n.id(), c);
            if (before == null || before != c) {
                graph.getNode(n.id()).setAttribute("ui.label", label(n.id()));
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
                setClass(key, f.kind() == Flash.Kind.EDGE ? cls : baseClass(f.element()) + ", " + cls);
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
                setClass(key, key.startsWith("e:") ? null : baseClass(key.substring(2)));
                litClass.remove(key);
                it.remove();
            }
        }
        if (lit.isEmpty()) {
            fader.stop();
        }
    }

    private void setClass(String key, String cls) {
        var element = key.startsWith("e:") ? graph.getEdge(key.substring(2)) : graph.getNode(key.substring(2));
        if (element == null) {
            return;
        }
        if (cls == null) {
            element.removeAttribute("ui.class");
        } else {
            element.setAttribute("ui.class", cls);
        }
    }

    /** The label the diagram shows for a state right now, as handed to GraphStream. */
    public String labelShown(String state) {
        var node = graph.getNode(state);
        return node == null ? null : String.valueOf(node.getAttribute("ui.label"));
    }

    /** Where a state is drawn now, in screen coordinates (what a click on it would hit). */
    public Point2D screenPointOf(String state) {
        var n = model.node(state).orElseThrow();
        Point3 px = panel.getCamera().transformGuToPx(n.x(), n.y(), 0);
        return panel.localToScreen(px.x, px.y);
    }

    /** How an edge ({@code from->to}) or a state is lit now: "flash", "refused", or null when it is not. */
    public String litAs(String edgeOrState) {
        String edge = litClass.get("e:" + edgeOrState);
        return edge != null ? edge : litClass.get("n:" + edgeOrState);
    }

    public WritableImage snapshot() {
        return panel.snapshot(new SnapshotParameters(), null);
    }

    /** Stops listening and drawing (the view is being replaced, e.g. on a theme change). */
    public void close() {
        vm.model().revisionProperty().removeListener(revisionListener);
        vm.redrawProperty().removeListener(revisionListener);
        vm.removeFlashListener(flashListener);
        fader.stop();
        viewer.close();
    }

    static String stylesheet(boolean dark) {
        String name = dark ? "diagram-dark.gss" : "diagram-light.gss";
        try (InputStream in = StateDiagramView.class.getResourceAsStream("/io/lockstep/assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the assets jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ignores the mouse so that nodes cannot be dragged out of the layout. */
    private static final class StillMouse implements MouseManager {
        @Override
        public void init(GraphicGraph graph, View view) {
        }

        @Override
        public void release() {
        }

        @Override
        public EnumSet<InteractiveElement> getManagedTypes() {
            return EnumSet.noneOf(InteractiveElement.class);
        }
    }
}
