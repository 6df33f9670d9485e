package io.lockstep.views.resources;

import io.lockstep.api.statemachine.StateKind;
import io.lockstep.views.live.Catalog;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.Interpolator;
import javafx.animation.RotateTransition;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A status as a coloured badge, coloured by the state's kind from the service's descriptor; a
 * transitional state carries a turning icon so work in progress stands out. Only visible cells
 * exist, so at most a screenful of icons turn at once.
 */
public final class StatusBadgeCell<S> extends TableCell<S, String> {

    private final Supplier<Catalog> catalog;
    private final String resource;
    private final Label badge = new Label();
    private final FontIcon spinner = new FontIcon("mdmz-sync");
    private final RotateTransition turn = new RotateTransition(Duration.seconds(1.2), spinner);

    public StatusBadgeCell(Supplier<Catalog> catalog, String resource) {
        this.catalog = catalog;
        this.resource = resource;
        turn.setByAngle(-360);
        turn.setCycleCount(Animation.INDEFINITE);
        turn.setInterpolator(Interpolator.LINEAR);
        badge.getStyleClass().add("badge");
        setGraphic(badge);
        setText(null);
    }

    @Override
    protected void updateItem(String status, boolean empty) {
        super.updateItem(status, empty);
        turn.stop();
        spinner.setRotate(0);
        badge.getStyleClass().removeIf(c -> c.startsWith("badge-"));
        if (empty || status == null) {
            badge.setVisible(false);
            return;
        }
        badge.setVisible(true);
        Catalog c = catalog.get();
        StateKind kind = c == null ? StateKind.STABLE : c.kind(resource, status);
        badge.getStyleClass().add("badge-" + kind.name().toLowerCase(Locale.ROOT));
        badge.setText(status);
        if (kind == StateKind.TRANSITIONAL) {
            badge.setGraphic(spinner);
            turn.play();
        } else {
            badge.setGraphic(null);
        }
    }
}
