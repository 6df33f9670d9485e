package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.views.diagram.DiagramLayout;
import io.lockstep.views.diagram.DiagramModel;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every machine the service serves (jobs and every kind added since) is laid out without an edge
 * through a box, a label on a box or on another label, and readable in the console at 1280×720.
 */
class DiagramLayoutTest {

    /** What the State machines page leaves the diagram at 1280×720 (sidebar, tabs, toolbar and legend off). */
    static final double AREA_WIDTH = 1280 - 240;
    static final double AREA_HEIGHT = 720 - 190;
    /** Below this the 11 px edge labels shrink under 8 px. */
    static final double READABLE_SCALE = 0.72;

    static Stream<StateMachineDescriptor> machines() {
        return ResourceMachines.describeAll().stateMachines().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void readsCleanly(StateMachineDescriptor machine) {
        DiagramModel model = new DiagramModel(machine);
        DiagramLayout layout = model.layout();
        assertThat(layout.overlaps()).as(machine.resource()).isEmpty();
        assertThat(layout.boxes().keySet()).as("every state is drawn").containsAll(
                machine.states().stream().map(s -> s.name()).toList());
        assertThat(layout.routes()).as("every transition is routed").hasSize(model.edges().size());
        double scale = Math.min(1, Math.min(AREA_WIDTH / layout.width(), AREA_HEIGHT / layout.height()));
        System.out.printf("%-20s %5.0f x %4.0f  scale %.2f%n", machine.resource(), layout.width(), layout.height(), scale);
        assertThat(scale).as(machine.resource() + " at 1280x720 (" + layout.width() + " x " + layout.height() + ")")
                .isGreaterThanOrEqualTo(READABLE_SCALE);
    }
}
