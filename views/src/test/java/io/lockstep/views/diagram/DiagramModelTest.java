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
    void theLayoutHasNoEdgeThroughABoxAndNoLabelOnAnother() {
        assertThat(model.layout().overlaps()).isEmpty();
        assertThat(model.layout().routes().values()).allSatisfy(r -> {
            for (int i = 1; i < r.points().size(); i++) {
                var a = r.points().get(i - 1);
                var b = r.points().get(i);
                assertThat(a.x() == b.x() || a.y() == b.y()).as(r.edgeId() + " is orthogonal").isTrue();
            }
        });
    }

    @Test
    void theOverlapCheckFindsAnEdgeThroughABoxAndALabelOnALabel() {
        var box = new DiagramLayout.Box(100, 100, 50, 30);
        var broken = new DiagramLayout(400, 300, java.util.Map.of("a", new DiagramLayout.Box(0, 100, 20, 30),
                "b", new DiagramLayout.Box(300, 100, 20, 30), "c", box),
                java.util.Map.of("a->b", new DiagramLayout.Route("a->b", List.of(new DiagramLayout.Point(20, 115),
                        new DiagramLayout.Point(300, 115)))),
                List.of(new DiagramLayout.Caption("a->b", "go", new DiagramLayout.Box(40, 40, 30, 16)),
                        new DiagramLayout.Caption("b->a", "back", new DiagramLayout.Box(60, 45, 30, 16))));
        assertThat(broken.overlaps()).containsExactlyInAnyOrder("edge a->b runs through state c",
                "label 'go' of a->b lies on label 'back' of b->a");
    }

    @Test
    void escapeHatchesAreReadFromTheDeclarationNotFromNames() {
        assertThat(model.isEscapeHatch(Fixtures.shareMachine().operations().get(4))).isTrue(); // reset_status
        assertThat(model.isEscapeHatch(Fixtures.shareMachine().operations().get(5))).isTrue(); // force_delete
        assertThat(model.isEscapeHatch(Fixtures.shareMachine().operations().get(1))).isFalse(); // delete
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
        StateMachinesViewModel vm = new StateMachinesViewModel(live, new io.lockstep.views.concurrent.CurrentThreadTaskExecutor());
        vm.open();
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
        assertThat(svg).startsWith("<svg").contains(">available<").contains(">7<").contains(">deleted<")
                .contains(">extending_error<").contains("stroke-dasharray").endsWith("</svg>\n");
        // the same routes the live view draws
        var route = model.layout().routes().get("available->deleting").points();
        assertThat(svg).contains(String.format(java.util.Locale.ROOT, "M %.1f %.1f", route.get(0).x(), route.get(0).y()));
    }
}
