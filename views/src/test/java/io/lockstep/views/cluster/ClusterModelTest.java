package io.lockstep.views.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.HolderView;
import io.lockstep.api.coordination.Leaders;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.api.coordination.Locks;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.api.service.Services;
import io.lockstep.api.work.WorkList;
import io.lockstep.api.work.WorkView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterModelTest {

    private static final HolderView SHARE_1 = new HolderView("share-1", "cleanup", "leader duties");

    private static ClusterState state(long term, String leader, List<LockHolding> held) {
        return new ClusterState(new Locks("zookeeper", "api-1", held, List.of()),
                new Leaders(List.of(new ElectionView("cleanup", new HolderView(leader, "cleanup", "leader duties"),
                        List.of(new HolderView(leader, "cleanup", "leader duties")), term, "2026-11-25T00:00:00Z"))),
                new Services(List.of(), 10),
                new WorkList(List.of(new WorkView("w1", "share", "s1", "delete", "share@share-2/ab12cd34", "share-2", 1,
                        "2026-11-25T00:00:10Z"))),
                new LabNodes("127.0.0.1:1", List.of(
                        new LabNode("share-1", "running", null, false, 0, List.of("share")),
                        new LabNode("share-2", "running", null, false, 1, List.of("share")))), null);
    }

    private static LockHolding lock(String name, long token) {
        return new LockHolding(name, SHARE_1, "2026-11-25T00:00:00Z", 5, token, List.of(), true);
    }

    @Test
    void unchangedRowsStayTheSameObjectsSoSelectionSurvivesARefresh() {
        ClusterModel m = new ClusterModel(Clock.fixed(Instant.parse("2026-11-25T00:00:30Z"), ZoneOffset.UTC));
        m.apply(state(1, "share-1", List.of(lock("share:a", 7), lock("share:b", 8))));
        LockHolding a = m.locks().get(0);
        m.apply(state(1, "share-1", List.of(lock("share:a", 7), lock("share:c", 9))));
        assertThat(m.locks()).extracting(LockHolding::name).containsExactly("share:a", "share:c");
        assertThat(m.locks().get(0)).isSameAs(a);
    }

    @Test
    void whenTheConnectionIsLostNoLeaderIsShownUntilTheServiceAnswersAgain() {
        ClusterModel m = new ClusterModel(Clock.systemUTC());
        m.apply(state(3, "share-1", List.of(lock("share:a", 7))));
        assertThat(m.isKnown()).isTrue();
        assertThat(m.elections()).singleElement().extracting(e -> e.leader().node()).isEqualTo("share-1");

        m.unknown("connection lost");
        assertThat(m.isKnown()).isFalse();
        assertThat(m.elections()).isEmpty();
        assertThat(m.locks()).isEmpty();
        assertThat(m.activity()).isEmpty();
        assertThat(m.workSummary()).contains("unknown");

        m.apply(state(4, "share-2", List.of()));
        assertThat(m.elections()).singleElement().satisfies(e -> {
            assertThat(e.leader().node()).isEqualTo("share-2");
            assertThat(e.term()).isEqualTo(4);
        });
    }

    @Test
    void saysWhichNodeIsDoingWhat() {
        ClusterModel m = new ClusterModel(Clock.systemUTC());
        m.apply(state(1, "share-1", List.of(lock("share:a", 7))));
        assertThat(m.workText("share", "s1")).isEqualTo("delete on share-2");
        assertThat(m.workText("share", "other")).isEmpty();
        assertThat(m.activity()).extracting(NodeActivity::node, NodeActivity::leads, NodeActivity::locksHeld,
                NodeActivity::workText).containsExactly(
                org.assertj.core.groups.Tuple.tuple("share-1", List.of("cleanup (term 1)"), 1, "idle"),
                org.assertj.core.groups.Tuple.tuple("share-2", List.of(), 0, "1 × delete share"));
        assertThat(m.workSummary()).isEqualTo("Working now: share-2: 1 × delete share");
    }

    @Test
    void jobsFollowTheRowsTheirEventsCarry() {
        ClusterModel m = new ClusterModel(Clock.fixed(Instant.parse("2026-11-25T00:01:00Z"), ZoneOffset.UTC));
        m.jobMachine(new io.lockstep.api.statemachine.StateMachineDescriptor("job", null, List.of(
                new io.lockstep.api.statemachine.StateDescriptor("queued",
                        io.lockstep.api.statemachine.StateKind.TRANSITIONAL, ""),
                new io.lockstep.api.statemachine.StateDescriptor("running",
                        io.lockstep.api.statemachine.StateKind.TRANSITIONAL, ""),
                new io.lockstep.api.statemachine.StateDescriptor("succeeded",
                        io.lockstep.api.statemachine.StateKind.STABLE, "")), List.of()));
        m.addEvents(List.of(jobEvent(1, "running", 40)));
        assertThat(m.jobs()).singleElement().satisfies(j -> assertThat(j.bytesDone()).isEqualTo(40));
        assertThat(m.activeJob("s1")).isNotNull();
        assertThat(m.jobCount("running")).isEqualTo(1);
        m.addEvents(List.of(jobEvent(2, "running", 90), jobEvent(3, "succeeded", 100)));
        assertThat(m.jobs()).singleElement().satisfies(j -> assertThat(j.status()).isEqualTo("succeeded"));
        assertThat(m.activeJob("s1")).as("an ended job works on nothing").isNull();
        assertThat(m.jobCount("running")).isZero();
    }

    private static io.lockstep.api.event.Event jobEvent(long id, String status, long done) {
        java.util.Map<String, Object> row = new java.util.HashMap<>();
        row.put("id", "j1");
        row.put("kind", "backup");
        row.put("status", status);
        row.put("phase", "backup_creating");
        row.put("resource_type", "backup");
        row.put("resource_id", "b1");
        row.put("target", "s1");
        row.put("bytes_done", done);
        row.put("bytes_total", 100);
        return new io.lockstep.api.event.Event(id, "2026-11-25T00:00:0" + id + "Z", io.lockstep.api.event.EventKind.JOB,
                "job", "j1", "p1", "progress", null, null, "data-1", done + "%", row);
    }
}
