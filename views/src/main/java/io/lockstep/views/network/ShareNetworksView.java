package io.lockstep.views.network;

import io.lockstep.api.network.ShareNetwork;
import io.lockstep.api.network.ShareServer;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.resources.StatusBadgeCell;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Share networks with their subnets, and share servers with their phase, addresses and shares. */
public final class ShareNetworksView {

    private final VBox root = new VBox(10);

    public ShareNetworksView(ShareNetworksViewModel vm, Supplier<Catalog> catalog) {
        root.setPadding(new Insets(16));
        root.setId("share-networks");
        Label title = new Label("Share networks and servers");
        title.getStyleClass().add("title-2");
        Label about = new Label("A share of a type whose driver handles share servers is created on a server of its "
                + "network: reused per subnet and pool, or built first in phases (allocating the network, setting "
                + "up the server, configuring the security services), each a transition shown here as it happens. "
                + "The cleanup leader deletes servers that have had no share for the configured interval.");
        about.setWrapText(true);
        about.getStyleClass().add("text-muted");

        TableView<ShareNetwork> networks = new TableView<>(vm.networks());
        networks.setId("share-networks-table");
        Label empty = new Label();
        empty.setWrapText(true);
        empty.textProperty().bind(vm.placeholderProperty());
        networks.setPlaceholder(empty);
        networks.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        networks.getColumns().add(ShareNetworksView.<ShareNetwork>col("Name", 160, n -> n.name() == null ? "" : n.name()));
        TableColumn<ShareNetwork, String> netStatus = ShareNetworksView.<ShareNetwork>col("Status", 110, n -> n.status() == null ? "" : n.status());
        netStatus.setCellFactory(c -> new StatusBadgeCell<>(catalog, "share_network"));
        networks.getColumns().add(netStatus);
        networks.getColumns().add(ShareNetworksView.<ShareNetwork>col("ID", 280, ShareNetwork::id));
        networks.getColumns().add(ShareNetworksView.<ShareNetwork>col("Subnets (zone: range)", 300, n -> n.subnets() == null ? "" : n.subnets()
                .stream().map(s -> (s.get("availability_zone") == null ? "default" : s.get("availability_zone"))
                        + ": " + s.get("cidr")).collect(Collectors.joining(", "))));
        networks.getColumns().add(ShareNetworksView.<ShareNetwork>col("Project", 100, n -> n.projectId() == null ? "" : n.projectId()));
        networks.setPrefHeight(180);

        Label serversTitle = new Label("Share servers");
        serversTitle.getStyleClass().add("title-4");
        TableView<ShareServer> servers = new TableView<>(vm.servers());
        servers.setId("share-servers-table");
        servers.setPlaceholder(new Label(vm.admin() ? "No share servers: the first share created on a network "
                + "builds one." : "Share servers are shown to admins."));
        servers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ShareServer, String> phase = new TableColumn<>("Phase");
        phase.setPrefWidth(200);
        phase.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().lockstepStatus()));
        phase.setCellFactory(c -> new StatusBadgeCell<>(catalog, "share_server"));
        servers.getColumns().add(phase);
        servers.getColumns().add(ShareNetworksView.<ShareServer>col("Network", 120, s -> s.shareNetworkName() == null ? s.shareNetworkId()
                : s.shareNetworkName()));
        servers.getColumns().add(ShareNetworksView.<ShareServer>col("Host", 190, ShareServer::host));
        servers.getColumns().add(ShareNetworksView.<ShareServer>col("Addresses", 120, s -> s.networkAllocations() == null ? ""
                : s.networkAllocations().stream().map(ShareServer.Allocation::ipAddress)
                .collect(Collectors.joining(", "))));
        servers.getColumns().add(ShareNetworksView.<ShareServer>col("Shares", 70, s -> s.shares() == null ? "0"
                : String.valueOf(s.shares().size())));
        servers.getColumns().add(ShareNetworksView.<ShareServer>col("ID", 280, ShareServer::id));
        root.getChildren().addAll(title, about, networks, serversTitle, servers);
        VBox.setVgrow(servers, Priority.ALWAYS);
    }

    private static <T> TableColumn<T, String> col(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    public Node root() {
        return root;
    }
}
