package io.lockstep.views.cluster;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Covers a cluster page with UNKNOWN while the model is unknown, so nothing stale is read as current. */
final class UnknownCover {

    private UnknownCover() {
    }

    static Node over(Node content, ClusterModel model, String id) {
        Label big = new Label("UNKNOWN", new FontIcon("mdal-help_outline"));
        big.getStyleClass().addAll("title-1", "unknown-title");
        big.setId(id + "-unknown");
        Label why = new Label();
        why.textProperty().bind(model.unknownReasonProperty());
        why.setWrapText(true);
        why.setMaxWidth(560);
        why.getStyleClass().add("text-muted");
        VBox cover = new VBox(8, big, why);
        cover.setAlignment(Pos.CENTER);
        cover.getStyleClass().add("unknown-cover");
        cover.visibleProperty().bind(model.knownProperty().not());
        content.visibleProperty().bind(model.knownProperty());
        return new StackPane(content, cover);
    }
}
