package io.lockstep.backend.lab;

import io.lockstep.api.auth.Role;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.scenario.NaiveStatusWriter;
import io.lockstep.backend.scenario.NoLockCoordinator;
import io.lockstep.backend.scenario.Scenario;
import io.lockstep.backend.scenario.ScenarioRunner;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs a scenario headless: a fresh lab in memory on a free loopback port, set up as the scenario
 * says, played through, then closed. What {@code lockstep-backend lab --scenario NAME} and the tests
 * use; the console plays scenarios against the lab it already has.
 */
public final class ScenarioPlayer {

    private static final String PROJECT = "admin";
    /**
     * What the naive node does between reading a status and writing it: 2016's API read the share,
     * checked it, called the scheduler and the database again before writing, tens of milliseconds.
     */
    private static final long NAIVE_THINK_MS = 20;

    private ScenarioPlayer() {
    }

    public static ScenarioRunner.Result play(Scenario scenario, ScenarioRunner.Listener listener)
            throws IOException, InterruptedException {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        TokenStore tokens = TokenStore.of(List.of(new TokenStore.Token(token, Role.ADMIN, PROJECT)));
        LabCluster.Config defaults = LabCluster.Config.defaults(0, null, tokens);
        DriverSettings driver = scenario.lab().driver() == null ? defaults.driver()
                : defaults.driver().merge(scenario.lab().driver());
        LabCluster.Config config = new LabCluster.Config(
                scenario.lab().shareNodes() == null ? defaults.shareNodes() : scenario.lab().shareNodes(),
                scenario.lab().dataNodes() == null ? defaults.dataNodes() : scenario.lab().dataNodes(),
                defaults.host(), 0, null, tokens, defaults.sessionTimeout(), defaults.lease(),
                defaults.reportInterval(), defaults.serviceDownTime(), driver);
        try (LabCluster lab = LabCluster.start(config);
             ScenarioRunner runner = new ScenarioRunner(lab.uri(), token, PROJECT, () -> naive(driver))) {
            return runner.run(scenario, listener);
        }
    }

    /** A node built the way Manila's 2016 code worked (read, check in code, write; no locks), in memory. */
    public static ScenarioRunner.NaiveService naive(DriverSettings driver) {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        ServiceNode node = ServiceNode.builder().nodeId("naive")
                .tokens(TokenStore.of(List.of(new TokenStore.Token(token, Role.ADMIN, PROJECT)))).driver(driver)
                .statusWriter(new NaiveStatusWriter(NAIVE_THINK_MS)).coordinator(new NoLockCoordinator()).start();
        return new ScenarioRunner.NaiveService() {
            @Override
            public URI uri() {
                return node.uri();
            }

            @Override
            public String adminToken() {
                return token;
            }

            @Override
            public void close() {
                node.close();
            }
        };
    }
}
