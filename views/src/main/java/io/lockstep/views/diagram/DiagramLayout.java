package io.lockstep.views.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.GraphCompactionStrategy;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.alg.layered.options.WrappingStrategy;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Where a diagram's states, edges and labels go, computed once per machine by the Eclipse Layout
 * Kernel's layered algorithm: left to right, orthogonal edge routing, edge labels placed as part of
 * the layout (so they take room and push boxes apart instead of landing on them), and return edges
 * routed around the forward ones. The live view, the PNG export and the SVG export all draw from this
 * one result. Coordinates are pixels at 100%, y downwards, origin at the top left. Immutable.
 */
public record DiagramLayout(double width, double height, Map<String, Box> boxes, Map<String, Route> routes,
                            List<Caption> captions) {

    /** Room for text, conservatively estimated so that what is drawn stays inside what was laid out. */
    static final double LABEL_CHAR = 6.6;
    static final double LABEL_HEIGHT = 16;
    static final double LINE_HEIGHT = 13;
    static final int WRAP_AT = 18;
    /** The page a diagram is shown in at 1280×720, which the direction is chosen for. */
    public static final double FIT_WIDTH = 1070;
    public static final double FIT_HEIGHT = 590;
    static final double BOX_HEIGHT = 42;
    static final double ENTRY_SIZE = 18;

    /**
     * ELK keeps shared state (its option registry, caches in the layered algorithm) that two layouts at
     * once corrupt (seen: an ArrayIndexOutOfBoundsException inside the layered algorithm when the
     * console laid out two catalogues at once). Layouts are rare: one at a time.
     */
    private static final Object ELK = new Object();

    static {
        // Without OSGi the kernel learns its options and algorithms here (this also registers the
        // option types it must copy, such as paddings).
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    public record Point(double x, double y) {
    }

    public record Box(double x, double y, double w, double h) {
        public double centerX() {
            return x + w / 2;
        }

        public double centerY() {
            return y + h / 2;
        }

        public boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }

        /** Whether the segment from a to b passes through this box's inside (touching the border is not). */
        public boolean crossedBy(Point a, Point b) {
            double inset = 0.5;
            double x1 = x + inset, x2 = x + w - inset, y1 = y + inset, y2 = y + h - inset;
            if (a.y() == b.y()) {
                return a.y() > y1 && a.y() < y2 && Math.max(a.x(), b.x()) > x1 && Math.min(a.x(), b.x()) < x2;
            }
            if (a.x() == b.x()) {
                return a.x() > x1 && a.x() < x2 && Math.max(a.y(), b.y()) > y1 && Math.min(a.y(), b.y()) < y2;
            }
            // Not orthogonal (ELK never gives one): sample it.
            for (int i = 1; i < 64; i++) {
                double t = i / 64.0;
                double px = a.x() + (b.x() - a.x()) * t, py = a.y() + (b.y() - a.y()) * t;
                if (px > x1 && px < x2 && py > y1 && py < y2) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An edge's path: the first point on its source's border, the last on its target's. */
    public record Route(String edgeId, List<Point> points) {
    }

    /** An edge's label and the room it was given. */
    public record Caption(String edgeId, String text, Box box) {
    }

    public Optional<Box> box(String state) {
        return Optional.ofNullable(boxes.get(state));
    }

    /** Width in pixels that fits the state's name (its count goes on the line below). */
    public static double boxWidth(String state) {
        return Math.max(96, 7.4 * state.length() + 22);
    }

    /** The room the label's widest line needs. */
    static double labelWidth(String text) {
        return LABEL_CHAR * text.lines().mapToInt(String::length).max().orElse(0) + 8;
    }

    static double labelHeight(String text) {
        return LABEL_HEIGHT + (text.lines().count() - 1) * LINE_HEIGHT;
    }

    /** An edge's operations, a few to a line, so that one busy edge does not widen its whole layer. */
    static String wrap(String label) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String part : label.split(" / ")) {
            if (line > 0 && line + 3 + part.length() > WRAP_AT) {
                out.append(" /\n");
                line = 0;
            } else if (line > 0) {
                out.append(" / ");
                line += 3;
            }
            out.append(part);
            line += part.length();
        }
        return out.toString();
    }

    /**
     * Lays out the model's states and transitions left to right, or top to bottom, folded or not,
     * whichever shows largest in a landscape page without an overlap (a long chain of phases reads
     * better downwards and folded). Left to right wins unless another is clearly larger.
     * Deterministic: the same model gives the same places.
     */
    static DiagramLayout of(List<DiagramModel.StateNode> states, List<DiagramModel.Transition> transitions) {
        synchronized (ELK) {
            return best(states, transitions);
        }
    }

    private static DiagramLayout best(List<DiagramModel.StateNode> states, List<DiagramModel.Transition> transitions) {
        DiagramLayout best = of(states, transitions, Direction.RIGHT, false);
        if (best.scaleIn(FIT_WIDTH, FIT_HEIGHT) >= 1 && best.overlaps().isEmpty()) {
            return best; // fits as it is: no need to try the others
        }
        for (DiagramLayout other : List.of(of(states, transitions, Direction.DOWN, false),
                of(states, transitions, Direction.DOWN, true), of(states, transitions, Direction.RIGHT, true))) {
            boolean clean = other.overlaps().isEmpty() || !best.overlaps().isEmpty();
            if (clean && other.scaleIn(FIT_WIDTH, FIT_HEIGHT) > best.scaleIn(FIT_WIDTH, FIT_HEIGHT) * 1.1) {
                best = other;
            }
        }
        return best;
    }

    /** The scale at which the whole drawing fits a page of this size. */
    public double scaleIn(double pageWidth, double pageHeight) {
        return Math.min(pageWidth / width, pageHeight / height);
    }

    private static DiagramLayout of(List<DiagramModel.StateNode> states, List<DiagramModel.Transition> transitions,
                                    Direction direction, boolean wrapped) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.DIRECTION, direction);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(LayeredOptions.FEEDBACK_EDGES, true);
        // Network simplex, merged edges, compaction and tight spacing: measured the most compact for the
        // share machine (1251×609 against 1791×820 with the defaults), so it stays readable at 1280×720.
        root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.NETWORK_SIMPLEX);
        root.setProperty(LayeredOptions.MERGE_EDGES, true);
        if (wrapped) {
            // A long chain of phases (a share server's set-up) folds back to fit the page's shape.
            root.setProperty(LayeredOptions.WRAPPING_STRATEGY, WrappingStrategy.MULTI_EDGE);
            root.setProperty(CoreOptions.ASPECT_RATIO, FIT_WIDTH / FIT_HEIGHT);
        }
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 22.0);
        if (!wrapped) {
            // ELK 0.9.1's compactor fails on folded graphs (a null in NetworkSimplexCompaction).
            root.setProperty(LayeredOptions.COMPACTION_POST_COMPACTION_STRATEGY, GraphCompactionStrategy.EDGE_LENGTH);
        }
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE, 14.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 9.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 9.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 3.0);
        root.setProperty(LayeredOptions.SPACING_LABEL_LABEL, 4.0);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(24));
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        for (DiagramModel.StateNode s : states) {
            ElkNode n = ElkGraphUtil.createNode(root);
            n.setIdentifier(s.id());
            boolean entry = DiagramModel.ENTRY.equals(s.id());
            n.setDimensions(entry ? ENTRY_SIZE : boxWidth(s.id()), entry ? ENTRY_SIZE : BOX_HEIGHT);
            nodes.put(s.id(), n);
        }
        Map<ElkEdge, DiagramModel.Transition> edges = new LinkedHashMap<>();
        for (DiagramModel.Transition t : transitions) {
            ElkEdge e = ElkGraphUtil.createSimpleEdge(nodes.get(t.from()), nodes.get(t.to()));
            if (!t.caption().isEmpty()) {
                String text = wrap(t.caption());
                ElkLabel l = ElkGraphUtil.createLabel(text, e);
                l.setDimensions(labelWidth(text), labelHeight(text));
                l.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            }
            edges.put(e, t);
        }
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        Map<String, Box> boxes = new LinkedHashMap<>();
        nodes.forEach((id, n) -> boxes.put(id, new Box(n.getX(), n.getY(), n.getWidth(), n.getHeight())));
        Map<String, Route> routes = new LinkedHashMap<>();
        List<Caption> captions = new ArrayList<>();
        edges.forEach((e, t) -> {
            List<Point> points = new ArrayList<>();
            for (ElkEdgeSection s : e.getSections()) {
                add(points, new Point(s.getStartX(), s.getStartY()));
                for (ElkBendPoint b : s.getBendPoints()) {
                    add(points, new Point(b.getX(), b.getY()));
                }
                add(points, new Point(s.getEndX(), s.getEndY()));
            }
            routes.put(t.id(), new Route(t.id(), List.copyOf(points)));
            for (ElkLabel l : e.getLabels()) {
                captions.add(new Caption(t.id(), l.getText(), new Box(l.getX(), l.getY(), l.getWidth(), l.getHeight())));
            }
        });
        return new DiagramLayout(root.getWidth(), root.getHeight(), Map.copyOf(boxes), Map.copyOf(routes),
                List.copyOf(captions));
    }

    private static void add(List<Point> points, Point p) {
        if (points.isEmpty() || !points.get(points.size() - 1).equals(p)) {
            points.add(p);
        }
    }

    /**
     * What a reader would trip over: an edge through a box that is not one of its ends, a label on a
     * box or on another label, a label off the drawing. Empty when the layout reads cleanly.
     */
    public List<String> overlaps() {
        List<String> found = new ArrayList<>();
        routes.forEach((id, r) -> {
            String[] ends = id.split("->", 2);
            List<Point> p = r.points();
            for (int i = 1; i < p.size(); i++) {
                for (var b : boxes.entrySet()) {
                    if (b.getValue().crossedBy(p.get(i - 1), p.get(i))
                            && !((i == 1 && b.getKey().equals(ends[0])) || (i == p.size() - 1 && b.getKey().equals(ends[1])))) {
                        found.add("edge " + id + " runs through state " + b.getKey());
                    }
                }
            }
        });
        for (int i = 0; i < captions.size(); i++) {
            Caption c = captions.get(i);
            if (c.box().x() < 0 || c.box().y() < 0 || c.box().x() + c.box().w() > width
                    || c.box().y() + c.box().h() > height) {
                found.add("label '" + c.text() + "' of " + c.edgeId() + " is outside the drawing");
            }
            for (var b : boxes.entrySet()) {
                if (c.box().overlaps(b.getValue())) {
                    found.add("label '" + c.text() + "' of " + c.edgeId() + " lies on state " + b.getKey());
                }
            }
            for (int j = i + 1; j < captions.size(); j++) {
                if (c.box().overlaps(captions.get(j).box())) {
                    found.add("label '" + c.text() + "' of " + c.edgeId() + " lies on label '" + captions.get(j).text()
                            + "' of " + captions.get(j).edgeId());
                }
            }
        }
        for (var a : boxes.entrySet()) {
            for (var b : boxes.entrySet()) {
                if (a.getKey().compareTo(b.getKey()) < 0 && a.getValue().overlaps(b.getValue())) {
                    found.add("state " + a.getKey() + " lies on state " + b.getKey());
                }
            }
        }
        return found;
    }
}
