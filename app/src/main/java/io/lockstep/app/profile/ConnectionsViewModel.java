package io.lockstep.app.profile;

import io.lockstep.client.Trust;
import io.lockstep.views.concurrent.TaskExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Connections dialog: the saved profiles, and a form for the selected or a new one, checked as
 * it is typed; trust on first use fetches the endpoint's certificate so the operator can compare its
 * fingerprint before pinning it. FX thread only.
 */
public final class ConnectionsViewModel {

    /** A certificate fetched for pinning: its fingerprint, and a line describing it. */
    public record Peeked(String fingerprint, String description) {
    }

    private final ProfileStore store;
    private final TaskExecutor executor;
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty endpoints = new SimpleStringProperty(this, "endpoints", "");
    private final StringProperty tokenFile = new SimpleStringProperty(this, "tokenFile", "");
    private final StringProperty trust = new SimpleStringProperty(this, "trust", "system");
    private final StringProperty caFile = new SimpleStringProperty(this, "caFile", "");
    private final StringProperty pin = new SimpleStringProperty(this, "pin", "");
    private final BooleanProperty readOnly = new SimpleBooleanProperty(this, "readOnly");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringBinding problem;
    private String inlineToken;

    public ConnectionsViewModel(ProfileStore store, TaskExecutor executor) {
        this.store = store;
        this.executor = executor;
        profiles.setAll(store.all());
        problem = Bindings.createStringBinding(() -> {
            String p = draft().problem();
            return p == null ? "" : p;
        }, name, endpoints, tokenFile, trust, caFile, pin, readOnly);
        selected.addListener((o, was, is) -> fill(is));
    }

    private void fill(ConnectionProfile p) {
        message.set("");
        if (p == null) {
            name.set("");
            endpoints.set("");
            tokenFile.set("");
            trust.set("system");
            caFile.set("");
            pin.set("");
            readOnly.set(false);
            inlineToken = null;
            return;
        }
        name.set(p.name());
        endpoints.set(String.join(", ", p.endpoints().stream().map(URI::toString).toList()));
        tokenFile.set(p.tokenFile() == null ? "" : p.tokenFile().toString());
        trust.set(p.trust());
        caFile.set(p.caFile() == null ? "" : p.caFile().toString());
        pin.set(p.pin() == null ? "" : p.pin());
        readOnly.set(p.readOnly());
        inlineToken = p.token();
    }

    /** The profile the form describes now. */
    public ConnectionProfile draft() {
        List<URI> urls;
        try {
            urls = Arrays.stream(endpoints.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(URI::create).toList();
        } catch (IllegalArgumentException e) {
            urls = List.of(URI.create("invalid:" + endpoints.get().hashCode()));
        }
        String file = tokenFile.get().strip();
        return new ConnectionProfile(name.get().strip(), urls, file.isEmpty() ? inlineToken : null,
                file.isEmpty() ? null : Path.of(file), trust.get(), caFile.get().isBlank() ? null
                : Path.of(caFile.get().strip()), pin.get().isBlank() ? null : pin.get().strip(), readOnly.get());
    }

    public void newProfile() {
        selected.set(null);
        fill(null);
    }

    /** Saves the form (adding or replacing by name); false with the reason in {@link #messageProperty} if refused. */
    public boolean save() {
        ConnectionProfile p = draft();
        try {
            store.put(p);
        } catch (IOException | IllegalArgumentException e) {
            message.set("Not saved: " + e.getMessage());
            return false;
        }
        profiles.setAll(store.all());
        selected.set(store.get(p.name()).orElse(null));
        message.set("Saved profile " + p.name() + ".");
        return true;
    }

    public void delete() {
        ConnectionProfile p = selected.get();
        if (p == null) {
            return;
        }
        try {
            store.remove(p.name());
            profiles.setAll(store.all());
            newProfile();
            message.set("Deleted profile " + p.name() + ".");
        } catch (IOException e) {
            message.set("Not deleted: " + e.getMessage());
        }
    }

    public void export(Path file) {
        try {
            store.export(file, List.of());
            message.set("Exported " + store.all().size() + " profile(s) to " + file + " (inline tokens left out).");
        } catch (IOException | IllegalArgumentException e) {
            message.set("Not exported: " + e.getMessage());
        }
    }

    public void importFrom(Path file) {
        try {
            List<String> names = store.importFrom(file);
            profiles.setAll(store.all());
            message.set("Imported " + String.join(", ", names) + ".");
        } catch (IOException | IllegalArgumentException e) {
            message.set("Nothing imported: " + e.getMessage());
        }
    }

    /**
     * Fetches the first https endpoint's certificate without trusting it; {@code accept} decides,
     * having shown the fingerprint, whether to pin it.
     */
    public void fetchCertificate(java.util.function.Predicate<Peeked> accept) {
        URI first = draft().endpoints().stream().filter(u -> "https".equals(u.getScheme())).findFirst().orElse(null);
        if (first == null) {
            message.set("Trust on first use is for https:// endpoints.");
            return;
        }
        message.set("Fetching the certificate of " + first + " …");
        executor.submit(() -> Trust.peek(first), (X509Certificate c) -> {
            Peeked p = new Peeked(Trust.fingerprint(c), c.getSubjectX500Principal().getName() + ", issued by "
                    + c.getIssuerX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant());
            if (accept.test(p)) {
                trust.set("pin");
                pin.set(p.fingerprint());
                message.set("Pinned " + first + "'s certificate; save the profile to keep it.");
            } else {
                message.set("Not pinned.");
            }
        }, e -> message.set("Could not fetch the certificate: " + e.getMessage()));
    }

    /** Saves, then hands the profile's name to {@code connect}. */
    public void connect(Consumer<String> connect) {
        if (save()) {
            connect.accept(name.get().strip());
        }
    }

    public ObservableList<ConnectionProfile> profiles() {
        return profiles;
    }

    public ObjectProperty<ConnectionProfile> selectedProperty() {
        return selected;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty endpointsProperty() {
        return endpoints;
    }

    public StringProperty tokenFileProperty() {
        return tokenFile;
    }

    public StringProperty trustProperty() {
        return trust;
    }

    public StringProperty caFileProperty() {
        return caFile;
    }

    public StringProperty pinProperty() {
        return pin;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    public StringProperty messageProperty() {
        return message;
    }

    /** What is wrong with the form now, or empty. */
    public StringBinding problemProperty() {
        return problem;
    }
}
