package io.lockstep.views;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rule that keeps the console honest: views reach the service only through the client. */
class ArchitectureTest {

    @Test
    void theBackendIsNotOnTheViewsClassPath() {
        assertThatThrownBy(() -> Class.forName("io.lockstep.backend.node.ServiceNode"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
