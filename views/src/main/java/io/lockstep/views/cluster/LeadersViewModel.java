package io.lockstep.views.cluster;

import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.StepDown;
import io.lockstep.api.event.Event;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.service.ServiceSwitch;
import io.lockstep.api.service.ServiceView;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.Friction;
import io.lockstep.views.live.Times;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;

/**
 * The Leaders and services page: each election with its leader, term, participants and time in
 * office, a timeline of cluster changes, each service's heartbeat against service_down_time, and (in
 * the lab) the nodes. Actions: step a leader down, disable or enable a service, stop, kill, pause,
 * expire the session of, or restart a lab node. FX thread only.
 */
public final class LeadersViewModel {

    /** A lab node action as the lab's endpoint names it. */
    public enum NodeAction {
        STOP("stop", "Stop", "Stops the node gracefully: running work finishes or is handed back, its session is "
                + "closed, its leaderships pass on at once."),
        KILL("kill", "Kill", "Kills the node as a crash would: threads stopped, nothing handed back. Its leases run "
                + "out and other share nodes finish its work; its services go down after service_down_time."),
        PAUSE("pause", "Pause 15 s", "Freezes the node for 15 s, longer than its session: its session expires, "
                + "leadership and locks move on, and anything it writes when it wakes is fenced off."),
        EXPIRE("expire-session", "Expire session", "Expires the node's ZooKeeper session now: its locks, "
                + "leaderships and group memberships go; the node reconnects with a new session."),
        RESTART("restart", "Restart", "Starts the stopped or killed node again on the same database.");

        private final String wire;
        private final String label;
        private final String consequences;

        NodeAction(String wire, String label, String consequences) {
            this.wire = wire;
            this.label = label;
            this.consequences = consequences;
        }

        public String wire() {
            return wire;
        }

        public String label() {
            return label;
        }
    }

    private final ClusterModel model;
    private final ClusterActions actions;
    private final ObjectProperty<ElectionView> selectedElection = new SimpleObjectProperty<>(this, "selectedElection");
    private final ObjectProperty<ServiceView> selectedService = new SimpleObjectProperty<>(this, "selectedService");
    private final ObjectProperty<LabNode> selectedNode = new SimpleObjectProperty<>(this, "selectedNode");

    public LeadersViewModel(ClusterModel model, ClusterActions actions) {
        this.model = model;
        this.actions = actions;
    }

    /** How long the current leader has led, by the console's clock. */
    public String inOffice(ElectionView e) {
        Instant since = Times.parse(e.since());
        if (e.leader() == null || since == null) {
            return "no leader";
        }
        return Times.humanDuration(Duration.between(since, model.now()));
    }

    /** How old the last heartbeat is now, as a fraction of service_down_time (1 and more: down). */
    public double heartbeatFraction(ServiceView s) {
        return heartbeatAge(s).toMillis() / (double) Math.max(1, model.serviceDownTimeSecondsProperty().get() * 1000);
    }

    public Duration heartbeatAge(ServiceView s) {
        Instant at = Times.parse(s.updatedAt());
        if (at == null) {
            return Duration.ofMillis(s.heartbeatAgeMs());
        }
        Duration d = Duration.between(at, model.now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    public Availability stepDownAvailability(ElectionView e) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (e == null) {
            return Availability.refused("Select an election.");
        }
        if (e.leader() == null) {
            return Availability.refused("Nobody leads " + e.name() + " now.");
        }
        return Availability.allowed(e.participants().size() > 1
                ? "The next participant takes over in term " + (e.term() + 1) + "."
                : e.leader().node() + " is the only participant: it will lead again, in a new term.");
    }

    public void stepDown(ElectionView e) {
        Availability a = stepDownAvailability(e);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        actions.run(Confirmation.plain("Step down the leader of " + e.name(), e.leader().node() + " gives up "
                        + "leadership of term " + e.term() + " and rejoins at the back. " + a.reason()
                        + " Recorded with your name.", "Step down"),
                () -> client.call(client.lockstep().stepDown(e.name(), new StepDown(e.term()))),
                e.leader().node() + " stepped down; " + e.name() + " has a new leader.",
                ClusterActions.event(io.lockstep.api.event.EventKind.LEADER, e.name(), null, "step-down"));
    }

    public Availability switchAvailability(ServiceView s, boolean disable) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (s == null) {
            return Availability.refused("Select a service.");
        }
        boolean disabled = s.status().equals("disabled");
        if (disable == disabled) {
            return Availability.refused(s.binary() + " on " + s.host() + " is already " + s.status() + ".");
        }
        return Availability.allowed(disable ? "It takes no new work; work it runs now finishes."
                : "It takes new work again.");
    }

    public void switchService(ServiceView s, boolean disable) {
        Availability a = switchAvailability(s, disable);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        String verb = disable ? "Disable" : "Enable";
        ServiceSwitch body = new ServiceSwitch(s.host(), s.binary(), disable ? "disabled from the console" : null);
        actions.run(Confirmation.plain(verb + " " + s.binary() + " on " + s.host(), a.reason()
                        + " Recorded with your name.", verb),
                () -> disable ? client.call(client.manila().disableService(body))
                        : client.call(client.manila().enableService(body)),
                s.binary() + " on " + s.host() + (disable ? " disabled." : " enabled."),
                ClusterActions.event(io.lockstep.api.event.EventKind.SERVICE, String.valueOf(s.id()),
                        disable ? "disable" : "enable", null));
    }

    public Availability nodeAvailability(LabNode n, NodeAction action) {
        Availability common = actions.common();
        if (common != null) {
            return common;
        }
        if (n == null) {
            return Availability.refused("Select a lab node.");
        }
        if (n.servesLab()) {
            return Availability.refused(n.id() + " serves the API this console is connected to.");
        }
        boolean running = n.state().equals("running");
        if (action == NodeAction.RESTART ? !(n.state().equals("stopped") || n.state().equals("killed")) : !running) {
            return Availability.refused(n.id() + " is " + n.state() + ".");
        }
        return Availability.allowed(action.consequences);
    }

    public void nodeAction(LabNode n, NodeAction action) {
        Availability a = nodeAvailability(n, action);
        if (!a.allowed()) {
            actions.refuse(a);
            return;
        }
        var client = actions.client();
        Confirmation c = action == NodeAction.KILL
                ? new Confirmation("Kill " + n.id(), action.consequences, "Kill", Friction.TYPE_NAME, n.id())
                : Confirmation.plain(action.label() + " " + n.id(), action.consequences, action.label());
        actions.run(c, () -> client.call(client.lockstep().labNodeAction(n.id(), action.wire(),
                action == NodeAction.PAUSE ? 15 : null)), n.id() + ": " + action.label().toLowerCase() + " done.",
                ClusterActions.event(io.lockstep.api.event.EventKind.NODE, n.id(), action.wire(), null));
    }

    /** One line of the timeline. */
    public static String describe(Event e) {
        String what = switch (e.kind()) {
            case LEADER -> e.operation().equals("step-down")
                    ? "step-down of " + e.from() + " from " + e.resourceId() + " asked"
                    : e.to() + " leads " + e.resourceId() + " (" + e.message() + ")";
            case SERVICE -> e.message() + ": " + e.to();
            case LOCK -> e.operation().equals("break") ? "lock " + e.resourceId() + " broken"
                    : "lock " + e.resourceId() + " held long by " + e.from();
            case WORK -> e.resourceType() + " " + shortId(e.resourceId()) + ": " + e.operation() + " handed back from "
                    + e.from();
            case NODE -> e.message();
            default -> e.kind() + " " + e.resourceId();
        };
        boolean byOperator = e.kind() == io.lockstep.api.event.EventKind.NODE
                || java.util.Set.of("step-down", "break", "disable", "enable").contains(e.operation());
        return what + (byOperator ? " · by " + e.actor() : "");
    }

    private static String shortId(String id) {
        return id == null || id.length() < 8 ? String.valueOf(id) : id.substring(0, 8);
    }

    public ClusterModel model() {
        return model;
    }

    public ObservableList<ElectionView> elections() {
        return model.elections();
    }

    public ObservableList<ServiceView> services() {
        return model.services();
    }

    public ObservableList<LabNode> nodes() {
        return model.nodes();
    }

    public ObservableList<Event> timeline() {
        return model.timeline();
    }

    public ObjectProperty<ElectionView> selectedElectionProperty() {
        return selectedElection;
    }

    public ObjectProperty<ServiceView> selectedServiceProperty() {
        return selectedService;
    }

    public ObjectProperty<LabNode> selectedNodeProperty() {
        return selectedNode;
    }
}
