package io.lockstep.views.diagram;

import io.lockstep.views.concurrent.TaskExecutor;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.kordamp.ikonli.javafx.FontIcon;

/** A tab per resource type with its live diagram, a legend, and export to PNG and SVG. */
public final class StateMachinesView {

    private final StateMachinesViewModel vm;
    private final TaskExecutor executor;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final List<StateDiagramView> views = new ArrayList<>();
    private BiConsumer<String, Boolean> exportReport = (text, ok) -> { };

    public StateMachinesView(StateMachinesViewModel vm, TaskExecutor executor) {
        this.vm = vm;
        this.executor = executor;
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("state-machine-tabs");
        root.setCenter(tabs);
        root.setTop(toolbar());
        Label work = new Label();
        work.setId("diagram-work");
        work.textProperty().bind(vm.workSummaryProperty());
        work.setPadding(new Insets(6, 10, 6, 10));
        work.getStyleClass().add("diagram-work");
        root.setBottom(work);
        vm.diagrams().addListener((javafx.collections.ListChangeListener<DiagramModel>) c -> rebuild());
        rebuild();
        vm.open();
    }

    public Node root() {
        return root;
    }

    /** Adds the replay controls above the diagrams and the replay's timeline and statuses below them. */
    public void replay(io.lockstep.views.replay.ReplayView replay) {
        Node bar = root.getTop();
        root.setTop(new javafx.scene.layout.VBox(bar, replay.bar()));
        root.setCenter(new javafx.scene.layout.VBox(tabs, replay.pane()));
        javafx.scene.layout.VBox.setVgrow(tabs, Priority.ALWAYS);
    }

    /** Where export results are reported (the notice banner). */
    public void onExportResult(BiConsumer<String, Boolean> report) {
        this.exportReport = report;
    }

    /** Shows the diagram of {@code resource}, if the service has one. */
    public void select(String resource) {
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i).model().resource().equals(resource)) {
                tabs.getSelectionModel().select(i);
            }
        }
    }

    public List<StateDiagramView> diagrams() {
        return List.copyOf(views);
    }

    private void rebuild() {
        int selected = Math.max(0, tabs.getSelectionModel().getSelectedIndex());
        views.forEach(StateDiagramView::close);
        views.clear();
        tabs.getTabs().clear();
        for (DiagramModel d : vm.diagrams()) {
            StateDiagramView v = new StateDiagramView(d, vm);
            views.add(v);
            BorderPane content = new BorderPane(v.root());
            content.setBottom(legend(d));
            Tab tab = new Tab(capitalize(d.resource().replace('_', ' ')) + "s", content);
            tab.setId(d.resource() + "-diagram-tab");
            tabs.getTabs().add(tab);
        }
        if (!tabs.getTabs().isEmpty()) {
            tabs.getSelectionModel().select(Math.min(selected, tabs.getTabs().size() - 1));
        }
    }

    private Node legend(DiagramModel d) {
        HBox box = new HBox(14);
        box.setPadding(new Insets(6, 10, 6, 10));
        box.getStyleClass().add("diagram-legend");
        for (String kind : List.of("stable", "transitional", "error", "terminal")) {
            Label l = new Label(kind);
            l.getStyleClass().addAll("badge", "badge-" + kind);
            l.setMinWidth(Region.USE_PREF_SIZE);
            box.getChildren().add(l);
        }
        javafx.scene.shape.Line dashed = new javafx.scene.shape.Line(0, 0, 26, 0);
        dashed.getStyleClass().addAll("diagram-edge", "failure");
        Label failed = new Label("failed", dashed);
        failed.setMinWidth(Region.USE_PREF_SIZE);
        box.getChildren().add(failed);
        String hatches = d.escapeHatches().stream().map(o -> o.name() + " (" + o.role() + ")")
                .collect(Collectors.joining(", "));
        Label note = new Label((hatches.isEmpty() ? "" : "From any live state, not drawn: " + hatches + ".  ")
                + "Click a state to list its resources.");
        note.getStyleClass().add("text-muted");
        note.setMinWidth(0);
        box.getChildren().add(note);
        return box;
    }

    private Node toolbar() {
        Button png = new Button("Export PNG", new FontIcon("mdal-image"));
        png.setId("export-png");
        png.setOnAction(e -> current().ifPresent(v -> choose(v, "png")));
        Button svg = new Button("Export SVG", new FontIcon("mdal-insert_drive_file"));
        svg.setId("export-svg");
        svg.setOnAction(e -> current().ifPresent(v -> choose(v, "svg")));
        Label hint = new Label("Live: counts per state; edges flash as transitions happen; refused attempts flash "
                + "the state that blocked them in red.");
        hint.getStyleClass().add("text-muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        hint.setMinWidth(0);
        png.setMinWidth(Region.USE_PREF_SIZE);
        svg.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, hint, spacer, png, svg);
        bar.setPadding(new Insets(8));
        return bar;
    }

    private java.util.Optional<StateDiagramView> current() {
        int i = tabs.getSelectionModel().getSelectedIndex();
        return i < 0 || i >= views.size() ? java.util.Optional.empty() : java.util.Optional.of(views.get(i));
    }

    private void choose(StateDiagramView v, String ext) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export diagram");
        chooser.setInitialFileName(v.model().resource() + "-state-machine." + ext);
        File f = chooser.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            export(v, f.toPath());
        }
    }

    /**
     * Writes the diagram to {@code file}: PNG as drawn on screen (taken now, on the FX thread), SVG
     * from the model; the writing itself happens off the FX thread.
     */
    public void export(StateDiagramView v, Path file) {
        boolean svg = file.toString().endsWith(".svg");
        String text = svg ? vm.svg(v.model()) : null;
        BufferedImage image = svg ? null : SwingFXUtils.fromFXImage(v.snapshot(), null);
        executor.submit(() -> {
            if (svg) {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } else if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
            return file;
        }, ok -> exportReport.accept("Exported the " + v.model().resource() + " diagram to " + file + ".", true),
                e -> exportReport.accept("Could not export to " + file + ": " + e.getMessage(), false));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
