package io.lockstep.views.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.views.Fixtures;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.Update;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiagramModelTest {

    private final DiagramModel model = new DiagramModel(Fixtures.shareMachine());

    @Test
    void everyStateHasAPlaceAndNoTwoShareOne() {
        assertThat(model.nodes()).extracting(DiagramModel.StateNode::id)
                .containsAll(Fixtures.shareMachine().states().stream().map(StateDescriptor::name).toList());
        Set<String> places = new HashSet<>();
        model.nodes().forEach(n -> assertThat(places.add(n.x() + "," + n.y())).as(n.id()).isTrue());
    }

    @Test
    void placesDependOnlyOnTheDescriptor() {
        assertThat(new DiagramModel(Fixtures.shareMachine()).nodes()).isEqualTo(model.nodes());
    }

    @Test
    void boxesInOneColumnDoNotOverlap() {
        for (var a : model.nodes()) {
            for (var b : model.nodes()) {
                if (a != b && a.x() == b.x()) {
                    assertThat(Math.abs(a.y() - b.y())).as(a.id() + " vs " + b.id()).isGreaterThanOrEqualTo(34 + 20);
                }
            }
        }
    }

    @Test
    void operationsBecomeLabelledEdgesAndEscapeHatchesAreListedInstead() {
        assertThat(model.edge(null, "creating")).get().extracting(DiagramModel.Transition::label).isEqualTo("create");
        assertThat(model.edge("available", "deleting")).get().extracting(DiagramModel.Transition::label)
                .isEqualTo("delete");
        assertThat(model.edge("snapshotting", "available")).get().extracting(DiagramModel.Transition::label)
                .isEqualTo("ok / failed");
        assertThat(model.edge("extending", "available")).isPresent();
        assertThat(model.edge("creating", "deleting")).isEmpty(); // force_delete is not drawn
        assertThat(model.escapeHatches()).extracting(o -> o.name()).containsExactly("reset_status", "force_delete");
    }

    @Test
    void transitionsFlashTheirEdgeAndRefusalsTheBlockingState() {
        LiveModel live = new LiveModel(Clock.systemUTC());
        live.apply(List.of(new Update.Loaded(Fixtures.catalog(), List.of(Fixtures.share("a", "a", "available", 1)),
                List.of(), List.of(), 0)));
        StateMachinesViewModel vm = new StateMachinesViewModel(live);
        List<Flash> flashes = new ArrayList<>();
        vm.addFlashListener(flashes::addAll);
        live.apply(List.of(new Update.EventArrived(Fixtures.transition(1, "a", "extend", "available", "extending")),
                new Update.EventArrived(Fixtures.rejected(2, "a", "delete", "extending", "deleting", "busy")),
                new Update.EventArrived(Fixtures.transition(3, "a", "reset_status", "extending", "error"))));
        assertThat(flashes).containsExactly(
                new Flash("share", "available->extending", Flash.Kind.EDGE),
                new Flash("share", "extending", Flash.Kind.REFUSED),
                new Flash("share", "error", Flash.Kind.STATE));
        assertThat(vm.count("share", "error")).isEqualTo(1);
    }

    @Test
    void svgDrawsEveryStateWithItsCount() {
        String svg = DiagramSvg.render(model, state -> state.equals("available") ? 7 : 0);
        assertThat(svg).startsWith("<svg").contains(">available  7<").contains(">deleted<")
                .contains(">extending_error  0<").endsWith("</svg>\n");
    }
}
