package io.lockstep.views.cluster;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** One card per node for the Overview: what it runs, whether it is up, what it leads, holds and works on. */
public final class NodeCards {

    private final ClusterModel model;
    private final FlowPane cards = new FlowPane(12, 12);
    private final VBox root;

    public NodeCards(ClusterModel model) {
        this.model = model;
        Label title = new Label("Nodes");
        title.getStyleClass().add("title-4");
        Label unknown = new Label();
        unknown.textProperty().bind(model.unknownReasonProperty());
        unknown.visibleProperty().bind(model.knownProperty().not());
        unknown.managedProperty().bind(unknown.visibleProperty());
        unknown.getStyleClass().add("unknown-title");
        cards.setId("node-cards");
        root = new VBox(8, title, unknown, cards);
        model.revisionProperty().addListener(o -> fill());
        fill();
    }

    private List<NodeActivity> shown;

    public Node root() {
        return root;
    }

    private void fill() {
        List<NodeActivity> now = model.activity();
        if (now.equals(shown)) {
            return; // the same cards: the poller's answer comes every second, mostly unchanged
        }
        shown = now;
        cards.getChildren().clear();
        for (NodeActivity a : now) {
            Label name = new Label(a.node(), new FontIcon(a.healthy() ? "mdal-dns" : "mdal-error_outline"));
            name.getStyleClass().add("title-4");
            Label roles = new Label(String.join(", ", a.roles()) + " · " + a.state());
            roles.getStyleClass().add("text-muted");
            Label leads = new Label(a.leads().isEmpty() ? "leads nothing" : "leads " + String.join(", ", a.leads()));
            Label locks = new Label(a.locksHeld() == 0 ? "holds no lock" : "holds " + a.locksHeld() + " lock(s)");
            Label work = new Label("working: " + a.workText());
            work.setWrapText(true);
            VBox card = new VBox(3, name, roles, leads, locks, work);
            card.setId("node-card-" + a.node());
            card.getStyleClass().add("node-card");
            if (!a.healthy()) {
                card.getStyleClass().add("node-card-down");
            }
            card.setMinWidth(200);
            card.setPrefWidth(230);
            card.setMaxWidth(230);
            cards.getChildren().add(card);
        }
    }
}
