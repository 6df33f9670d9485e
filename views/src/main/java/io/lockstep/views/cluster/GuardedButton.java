package io.lockstep.views.cluster;

import io.lockstep.views.action.Availability;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A button enabled by an {@link Availability}, whose reason shows as the tooltip. A disabled control
 * shows no tooltip, so the tooltip sits on a wrapper around it.
 */
public final class GuardedButton {

    private GuardedButton() {
    }

    public static StackPane of(String id, String label, String icon, boolean danger, Supplier<Availability> availability,
                        Runnable action, Observable... dependencies) {
        ObjectBinding<Availability> av = Bindings.createObjectBinding(availability::get, dependencies);
        Button b = new Button(label, new FontIcon(icon));
        b.setId(id);
        if (danger) {
            b.getStyleClass().add("danger");
        }
        b.disableProperty().bind(Bindings.createBooleanBinding(() -> !av.get().allowed(), av));
        b.setOnAction(e -> action.run());
        StackPane wrap = new StackPane(b);
        wrap.setId(id + "-wrap");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> av.get().reason(), av));
        tip.setShowDelay(javafx.util.Duration.millis(250));
        Tooltip.install(wrap, tip);
        return wrap;
    }
}
