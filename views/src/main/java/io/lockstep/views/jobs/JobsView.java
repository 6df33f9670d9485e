package io.lockstep.views.jobs;

import io.lockstep.api.job.JobDetail;
import io.lockstep.api.job.JobView;
import io.lockstep.views.cluster.GuardedButton;
import io.lockstep.views.live.EventCell;
import io.lockstep.views.live.LiveSelection;
import io.lockstep.views.live.Times;
import io.lockstep.views.live.TickingCell;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The jobs table with progress bars, filters and actions; below it the selected job's chart, hand-offs and events. */
public final class JobsView {

    private final JobsViewModel vm;
    private final VBox root = new VBox(10);
    private final LineChart<Number, Number> chart;
    private final TableView<JobDetail.Attempt> attempts = new TableView<>();

    public JobsView(JobsViewModel vm) {
        this.vm = vm;
        root.setPadding(new Insets(16));
        root.setId("jobs");
        Label title = new Label("Jobs");
        title.getStyleClass().add("title-2");

        ComboBox<String> kind = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(JobsViewModel.KINDS));
        kind.setId("job-kind-filter");
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        ComboBox<String> status = new ComboBox<>(vm.statuses());
        status.setId("job-status-filter");
        status.valueProperty().bindBidirectional(vm.statusProperty());
        TextField owner = new TextField();
        owner.setId("job-owner-filter");
        owner.setPromptText("owner node");
        owner.setPrefColumnCount(8);
        owner.textProperty().bindBidirectional(vm.ownerProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Observable[] deps = {vm.selectedProperty(), vm.model().revisionProperty(), vm.model().knownProperty()};
        HBox bar = new HBox(8, kind, status, owner, grow,
                GuardedButton.of("job-complete", "Complete…", "mdal-done_all", false,
                        () -> vm.completeAvailability(vm.selectedProperty().get()),
                        () -> vm.complete(vm.selectedProperty().get()), deps),
                GuardedButton.of("job-cancel", "Cancel…", "mdal-cancel", false,
                        () -> vm.cancelAvailability(vm.selectedProperty().get()),
                        () -> vm.cancel(vm.selectedProperty().get()), deps),
                GuardedButton.of("job-retry", "Retry…", "mdmz-replay", false,
                        () -> vm.retryAvailability(vm.selectedProperty().get()),
                        () -> vm.retry(vm.selectedProperty().get()), deps),
                GuardedButton.of("job-restore", "Restore…", "mdmz-restore", false,
                        () -> vm.restoreAvailability(vm.selectedProperty().get()),
                        () -> vm.restore(vm.selectedProperty().get()), deps),
                GuardedButton.of("job-delete-backup", "Delete backup…", "mdal-delete", true,
                        () -> vm.deleteBackupAvailability(vm.selectedProperty().get()),
                        () -> vm.deleteBackup(vm.selectedProperty().get()), deps));
        bar.setAlignment(Pos.CENTER_LEFT);

        TableView<JobView> table = table();
        NumberAxis x = new NumberAxis();
        x.setLabel("seconds since the first progress");
        x.setForceZeroInRange(true);
        NumberAxis y = new NumberAxis();
        y.setLabel("MiB copied");
        chart = new LineChart<>(x, y);
        chart.setId("job-chart");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setTitle("Progress (a colour per holder: a hand-off changes colour)");
        attempts.setId("job-attempts");
        attempts.setPlaceholder(new Label("Select a job."));
        attempts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        attempts.getColumns().add(attemptCol("#", a -> Integer.toString(a.attempt())));
        attempts.getColumns().add(attemptCol("Holder", JobDetail.Attempt::owner));
        attempts.getColumns().add(attemptCol("From", a -> mib(a.fromBytes())));
        attempts.getColumns().add(attemptCol("To", a -> a.toBytes() == null ? "…" : mib(a.toBytes())));
        attempts.getColumns().add(attemptCol("Ended", a -> a.outcome() == null ? "holding" : a.outcome()));
        ListView<io.lockstep.api.event.Event> events = new ListView<>(vm.events());
        events.setId("job-events");
        events.setPlaceholder(new Label("Claims, hand-offs and state changes of the selected job."));
        events.setCellFactory(v -> new EventCell(e -> (e.to() != null && e.from() != null ? e.from() + " → " + e.to()
                : e.to() != null ? e.to() : "") + (e.message() == null ? "" : "  " + e.message())));
        ListView<io.lockstep.api.event.Event> phases = new ListView<>(vm.phases());
        phases.setId("job-phases");
        phases.setPlaceholder(new Label("The phases (a migration's task_state) the selected job went through."));
        phases.setCellFactory(v -> new EventCell(e -> e.from() + " → " + e.to()));
        phases.setPrefHeight(120);
        followTail(phases);
        followTail(events);
        phases.setMinHeight(90);
        VBox side = new VBox(6, section("Who held it when"), attempts, section("Phase timeline"), phases,
                section("Events"), events);
        VBox.setVgrow(events, Priority.ALWAYS);
        attempts.setMinHeight(130);
        attempts.setPrefHeight(150);
        SplitPane detail = new SplitPane(chart, side);
        detail.setDividerPositions(0.55);
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.33);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(title, bar, split);
        vm.detailProperty().addListener((o, was, is) -> showDetail(is));
    }

    public Node root() {
        return root;
    }

    private TableView<JobView> table() {
        TableView<JobView> t = new TableView<>(vm.rows());
        t.setId("job-table");
        t.getStyleClass().add("fixed-rows");
        t.setPlaceholder(new Label("No job yet. Start a migration (Migrate…) or a backup (Back up…) from Resources."));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(col("Kind", JobView::kind));
        t.getColumns().add(col("Resource", j -> j.resourceType() + " " + JobsViewModel.shortId(j.resourceId())));
        t.getColumns().add(col("Status", JobView::status));
        t.getColumns().add(col("Phase", JobView::phase));
        TableColumn<JobView, JobView> progress = new TableColumn<>("Progress");
        progress.setPrefWidth(190);
        progress.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label pct = new Label();
            private final HBox box = new HBox(6, bar, pct);

            {
                bar.setPrefWidth(120);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(JobView j, boolean empty) {
                super.updateItem(j, empty);
                if (empty || j == null) {
                    setGraphic(null);
                    return;
                }
                double f = JobsViewModel.fraction(j);
                bar.setProgress(f);
                pct.setText(Math.round(f * 100) + "%");
                setGraphic(box);
            }
        });
        t.getColumns().add(progress);
        t.getColumns().add(col("Rate", JobsViewModel::rate));
        t.getColumns().add(col("ETA", JobsViewModel::eta));
        t.getColumns().add(col("Owner", j -> j.node() == null ? "" : j.node()));
        t.getColumns().add(col("Attempt", j -> j.attempt() + " of " + j.maxAttempts()));
        t.getColumns().add(TickingCell.column("Age", vm.model().nowProperty(), vm::age));
        LiveSelection.bind(t, vm.selectedProperty(), JobView::id);
        return t;
    }

    private void showDetail(JobDetail d) {
        chart.getData().clear();
        if (d == null) {
            attempts.getItems().clear();
            return;
        }
        attempts.getItems().setAll(d.attempts());
        Instant first = d.progress().isEmpty() ? null : Times.parse(d.progress().get(0).at());
        Map<String, XYChart.Series<Number, Number>> byOwner = new LinkedHashMap<>();
        for (JobDetail.Point p : d.progress()) {
            Instant at = Times.parse(p.at());
            var series = byOwner.computeIfAbsent(p.owner() == null ? "?" : p.owner(), k -> {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName(k);
                return s;
            });
            series.getData().add(new XYChart.Data<>((at.toEpochMilli() - first.toEpochMilli()) / 1000.0,
                    p.bytesDone() / 1048576.0));
        }
        chart.getData().setAll(byOwner.values());
    }

    /** Keeps the newest entry in sight as entries arrive. */
    private static <T> void followTail(ListView<T> list) {
        list.getItems().addListener((javafx.collections.ListChangeListener<T>) c -> {
            // after this change is laid out; once per change of the list, not per event
            javafx.application.Platform.runLater(() -> {
                if (!list.getItems().isEmpty()) {
                    list.scrollTo(list.getItems().size() - 1);
                }
            });
        });
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        return l;
    }

    private static TableColumn<JobView, String> col(String title, Function<JobView, String> f) {
        TableColumn<JobView, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        return c;
    }

    private static TableColumn<JobDetail.Attempt, String> attemptCol(String title,
                                                                   Function<JobDetail.Attempt, String> f) {
        TableColumn<JobDetail.Attempt, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        return c;
    }
}
