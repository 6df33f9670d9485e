package io.lockstep.backend.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every coordinator promises about elections and groups, checked on the in-process one and on
 * ZooKeeper (two nodes, each with its own client, against a real server).
 */
class ElectionContractTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static TestingServer zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
    }

    /** Two views of one world: two ZooKeeper nodes, or the one in-process coordinator twice. */
    static Stream<Arguments> worlds() {
        Supplier<Coordinator[]> local = () -> {
            InProcessCoordinator c = new InProcessCoordinator("node-a", Clock.systemUTC());
            return new Coordinator[] {c, c};
        };
        Supplier<Coordinator[]> zookeeper = () -> new Coordinator[] {
            ZooKeeperCoordinator.connect(zk.getConnectString(), "node-a", Duration.ofSeconds(4)),
            ZooKeeperCoordinator.connect(zk.getConnectString(), "node-b", Duration.ofSeconds(4))};
        return Stream.of(Arguments.of("in-process", local), Arguments.of("zookeeper", zookeeper));
    }

    private static Holder seat(String node) {
        return new Holder(node, "cleanup", "leader duties");
    }

    private static ElectionInfo info(Coordinator c, String name) {
        return c.elections().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void theFirstLeadsAndTheNextTakesOverWithANewTerm(String world, Supplier<Coordinator[]> make) {
        Coordinator[] c = make.get();
        String name = "cleanup-" + world + "-handover";
        try {
            Election a = c[0].join(name, seat("node-a"));
            await().atMost(PATIENCE).until(a::isLeader);
            Election b = c[1].join(name, seat("node-b"));
            List<Boolean> bHeard = new CopyOnWriteArrayList<>();
            b.onChange(bHeard::add);
            await().atMost(PATIENCE).until(() -> info(c[1], name) != null && info(c[1], name).participants().size() == 2);
            ElectionInfo before = info(c[1], name);
            assertThat(before.leader()).isEqualTo(seat("node-a"));
            assertThat(before.participants()).containsExactly(seat("node-a"), seat("node-b"));
            assertThat(b.isLeader()).isFalse();
            assertThat(b.term()).isZero();
            long term = a.term();
            assertThat(term).isPositive().isEqualTo(before.term());

            a.close();
            await().atMost(PATIENCE).until(b::isLeader);
            await().atMost(PATIENCE).until(() -> b.term() == term + 1);
            assertThat(bHeard).contains(true);
            assertThat(info(c[0], name).leader()).isEqualTo(seat("node-b"));
            assertThat(info(c[0], name).term()).isEqualTo(term + 1);
            b.close();
        } finally {
            close(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void steppingDownHandsLeadershipToTheNextInLine(String world, Supplier<Coordinator[]> make) {
        Coordinator[] c = make.get();
        String name = "cleanup-" + world + "-step-down";
        try {
            Election a = c[0].join(name, seat("node-a"));
            await().atMost(PATIENCE).until(a::isLeader);
            Election b = c[1].join(name, seat("node-b"));
            await().atMost(PATIENCE).until(() -> info(c[0], name).participants().size() == 2);
            long term = a.term();
            a.stepDown();
            await().atMost(PATIENCE).until(b::isLeader);
            assertThat(a.isLeader()).isFalse();
            await().atMost(PATIENCE).until(() -> info(c[0], name).participants().equals(
                    List.of(seat("node-b"), seat("node-a"))));
            assertThat(info(c[0], name).term()).isEqualTo(term + 1);
            a.close();
            b.close();
        } finally {
            close(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void groupsListTheirMembersAndPayloads(String world, Supplier<Coordinator[]> make) {
        Coordinator[] c = make.get();
        String group = "share-services-" + world;
        try {
            Membership a = c[0].joinGroup(group, "share@node-a", "{\"state\":\"up\"}");
            Membership b = c[1].joinGroup(group, "share@node-b", "{\"state\":\"up\"}");
            await().atMost(PATIENCE).until(() -> c[0].members(group).size() == 2);
            b.update("{\"state\":\"draining\"}");
            await().atMost(PATIENCE).until(() -> c[0].members(group).contains(
                    new MemberInfo(group, "share@node-b", "{\"state\":\"draining\"}")));
            a.close();
            await().atMost(PATIENCE).until(() -> c[1].members(group).stream().map(MemberInfo::memberId).toList()
                    .equals(List.of("share@node-b")));
            b.close();
        } finally {
            close(c);
        }
    }

    private static void close(Coordinator[] c) {
        c[0].close();
        if (c[1] != c[0]) {
            c[1].close();
        }
    }
}
