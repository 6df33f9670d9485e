package io.lockstep.views.live;

import java.time.Instant;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One share or snapshot as a table row. Rows are updated in place as events arrive, so the tables
 * keep selection and scroll position. Confined to the FX thread.
 */
public final class ResourceItem {

    private final String type;
    private final String id;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty status = new SimpleStringProperty(this, "status");
    private final IntegerProperty size = new SimpleIntegerProperty(this, "size");
    private final StringProperty protocol = new SimpleStringProperty(this, "protocol", "");
    private final StringProperty project = new SimpleStringProperty(this, "project", "");
    private final StringProperty parentId = new SimpleStringProperty(this, "parentId", "");
    private final ObjectProperty<Instant> createdAt = new SimpleObjectProperty<>(this, "createdAt");
    private final ObjectProperty<Instant> statusSince = new SimpleObjectProperty<>(this, "statusSince");

    public ResourceItem(String type, String id, String status, Instant since) {
        this.type = type;
        this.id = id;
        this.status.set(status);
        this.statusSince.set(since);
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public IntegerProperty sizeProperty() {
        return size;
    }

    public StringProperty protocolProperty() {
        return protocol;
    }

    public StringProperty projectProperty() {
        return project;
    }

    /** For a snapshot, its share's id; empty for a share. */
    public StringProperty parentIdProperty() {
        return parentId;
    }

    public ObjectProperty<Instant> createdAtProperty() {
        return createdAt;
    }

    /** When the resource entered its current status, as far as the console knows. */
    public ObjectProperty<Instant> statusSinceProperty() {
        return statusSince;
    }

    public String name() {
        return name.get();
    }

    public String status() {
        return status.get();
    }

    /** The name if it has one, else the id: what confirmations and notices call it. */
    public String displayName() {
        return name.get() == null || name.get().isBlank() ? id : name.get();
    }
}
