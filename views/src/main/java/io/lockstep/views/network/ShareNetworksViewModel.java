package io.lockstep.views.network;

import io.lockstep.api.event.Event;
import io.lockstep.api.network.ShareNetwork;
import io.lockstep.api.network.ShareServer;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Share networks page: the project's networks with their subnets, and the share servers (admins)
 * with their setup phase and allocated addresses. Read when the page opens and again when a batch of
 * events touches a network or a server (a phase is a transition, so each shows as it happens); never
 * polled. FX thread only.
 */
public final class ShareNetworksViewModel {

    /** The version that shows subnets and a network's status. */
    static final String VERSION = "2.80";
    /** The kinds this page lists, in the order their diagrams are shown. */
    public static final List<String> KINDS = List.of("share_network", "share_server");

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final boolean admin;
    private final ObservableList<ShareNetwork> networks = FXCollections.observableArrayList();
    private final ObservableList<ShareServer> servers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder",
            "No share networks yet: create one (openstack share network create), then a share of a type with "
                    + "driver_handles_share_servers=True on it.");
    private long generation;
    private boolean open;

    public ShareNetworksViewModel(LockstepClient client, TaskExecutor executor, boolean admin) {
        this.client = client;
        this.executor = executor;
        this.admin = admin;
    }

    /** The page is shown: read both lists, and keep them current from the stream while it is. */
    public void load() {
        open = true;
        long g = ++generation;
        executor.submit(() -> client.call(client.manila().shareNetworks(VERSION)).shareNetworks(), list -> {
            if (g == generation) {
                networks.setAll(list);
            }
        }, e -> placeholder.set("The share networks could not be read: " + e.getMessage()));
        if (admin) {
            executor.submit(() -> client.call(client.manila().shareServers(VERSION)).shareServers(), list -> {
                if (g == generation) {
                    servers.setAll(list);
                }
            }, e -> placeholder.set("The share servers could not be read: " + e.getMessage()));
        }
    }

    /** A batch of events: read again, once, if a network or a server changed. */
    public void onEvents(List<Event> batch) {
        if (open && batch.stream().anyMatch(e -> KINDS.contains(e.resourceType()))) {
            load();
        }
    }

    public boolean admin() {
        return admin;
    }

    public ObservableList<ShareNetwork> networks() {
        return networks;
    }

    public ObservableList<ShareServer> servers() {
        return servers;
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }
}
