package io.lockstep.backend.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.nodes.GroupMember;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * Elections and groups over ZooKeeper. An election is a Curator {@link LeaderLatch} under
 * {@code /lockstep/elections/<name>/latch} whose participant id is the holder as JSON, so any node can
 * list participants and the leader. Each new leader bumps {@code /lockstep/elections/<name>/term} by
 * a versioned write, so terms grow by exactly one per change of leader whoever wins. A latch treats a
 * SUSPENDED connection as lost leadership (Curator's standard error policy). Groups are Curator
 * {@link GroupMember}s (ephemeral nodes) under {@code /lockstep/groups/<group>}. Thread-safe.
 */
final class ZooKeeperElections implements ElectionService {

    static final String ELECTIONS = "/lockstep/elections";
    static final String GROUPS = "/lockstep/groups";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The content of a term node. */
    record Term(@JsonProperty("term") long term, @JsonProperty("since") long sinceMillis,
                @JsonProperty("leader") Holder leader) {
    }

    private final CuratorFramework client;

    ZooKeeperElections(CuratorFramework client) {
        this.client = client;
    }

    @Override
    public Election join(String name, Holder participant) {
        Seat seat = new Seat(name, participant);
        seat.start();
        return seat;
    }

    @Override
    public List<ElectionInfo> elections() {
        List<ElectionInfo> out = new ArrayList<>();
        try {
            if (client.checkExists().forPath(ELECTIONS) == null) {
                return out;
            }
            for (String node : client.getChildren().forPath(ELECTIONS)) {
                String name = ZooKeeperCoordinator.decode(node);
                List<Holder> participants = participants(ELECTIONS + "/" + node + "/latch");
                Term term = readTerm(name);
                out.add(new ElectionInfo(name, participants.isEmpty() ? null : participants.get(0), participants,
                        term == null ? 0 : term.term(), term == null ? null : Instant.ofEpochMilli(term.sinceMillis())));
            }
        } catch (Exception e) {
            throw new CoordinationException("elections could not be listed: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ElectionInfo::name));
        return out;
    }

    private List<Holder> participants(String latchPath) throws Exception {
        List<Holder> out = new ArrayList<>();
        if (client.checkExists().forPath(latchPath) == null) {
            return out;
        }
        List<String> nodes = new ArrayList<>(client.getChildren().forPath(latchPath));
        nodes.sort(Comparator.comparing(n -> n.substring(Math.max(0, n.length() - 10))));
        for (String n : nodes) {
            try {
                out.add(holder(client.getData().forPath(latchPath + "/" + n)));
            } catch (KeeperException.NoNodeException left) {
                // left between the listing and the read
            }
        }
        return out;
    }

    private Term readTerm(String name) throws Exception {
        try {
            return JSON.readValue(client.getData().forPath(termPath(name)), Term.class);
        } catch (KeeperException.NoNodeException none) {
            return null;
        }
    }

    /** Starts a new term with {@code leader}: a compare-and-set on the term node's version. */
    private long bumpTerm(String name, Holder leader) throws Exception {
        String path = termPath(name);
        while (true) {
            Stat stat = new Stat();
            try {
                Term t = JSON.readValue(client.getData().storingStatIn(stat).forPath(path), Term.class);
                Term next = new Term(t.term() + 1, System.currentTimeMillis(), leader);
                client.setData().withVersion(stat.getVersion()).forPath(path, JSON.writeValueAsBytes(next));
                return next.term();
            } catch (KeeperException.NoNodeException first) {
                try {
                    client.create().creatingParentContainersIfNeeded().forPath(path,
                            JSON.writeValueAsBytes(new Term(1, System.currentTimeMillis(), leader)));
                    return 1;
                } catch (KeeperException.NodeExistsException raced) {
                    // someone created it meanwhile: read and bump
                }
            } catch (KeeperException.BadVersionException raced) {
                // another leader's write came first (a previous term): read again
            }
        }
    }

    private static String termPath(String name) {
        return ELECTIONS + "/" + ZooKeeperCoordinator.encode(name) + "/term";
    }

    /** Deletes the leader's latch node; the leader's watch on it makes it rejoin at the back. */
    @Override
    public boolean resign(String name, long term) {
        String latch = ELECTIONS + "/" + ZooKeeperCoordinator.encode(name) + "/latch";
        try {
            Term current = readTerm(name);
            if (current == null || current.term() != term || client.checkExists().forPath(latch) == null) {
                return false;
            }
            List<String> nodes = new ArrayList<>(client.getChildren().forPath(latch));
            if (nodes.isEmpty()) {
                return false;
            }
            nodes.sort(Comparator.comparing(n -> n.substring(Math.max(0, n.length() - 10))));
            client.delete().forPath(latch + "/" + nodes.get(0));
            return true;
        } catch (KeeperException.NoNodeException gone) {
            return false; // the leader left meanwhile
        } catch (Exception e) {
            throw new CoordinationException("leader of " + name + " could not be asked to step down: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Membership joinGroup(String group, String memberId, String payload) {
        GroupMember member = new GroupMember(client, GROUPS + "/" + ZooKeeperCoordinator.encode(group), memberId,
                payload.getBytes(StandardCharsets.UTF_8));
        member.start();
        return new GroupSeat(group, memberId, p -> member.setThisData(p.getBytes(StandardCharsets.UTF_8)),
                member::close);
    }

    @Override
    public List<MemberInfo> members(String group) {
        String path = GROUPS + "/" + ZooKeeperCoordinator.encode(group);
        List<MemberInfo> out = new ArrayList<>();
        try {
            if (client.checkExists().forPath(path) == null) {
                return out;
            }
            for (String id : client.getChildren().forPath(path)) {
                try {
                    out.add(new MemberInfo(group, id, new String(client.getData().forPath(path + "/" + id),
                            StandardCharsets.UTF_8)));
                } catch (KeeperException.NoNodeException left) {
                    // left between the listing and the read
                }
            }
        } catch (Exception e) {
            throw new CoordinationException("group " + group + " could not be listed: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(MemberInfo::memberId));
        return out;
    }

    private static String json(Holder h) {
        try {
            return JSON.writeValueAsString(h);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Holder holder(byte[] data) {
        try {
            return JSON.readValue(data, Holder.class);
        } catch (IOException e) {
            return new Holder("?", "?", new String(data, StandardCharsets.UTF_8));
        }
    }

    /** One participant: a latch, replaced by a fresh one (at the back of the queue) to step down. */
    private final class Seat implements Election {
        private final String name;
        private final Holder participant;
        private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
        private volatile LeaderLatch latch;
        private volatile long term;
        private volatile boolean closed;

        Seat(String name, Holder participant) {
            this.name = name;
            this.participant = participant;
        }

        synchronized void start() {
            LeaderLatch l = new LeaderLatch(client, ELECTIONS + "/" + ZooKeeperCoordinator.encode(name) + "/latch",
                    json(participant));
            l.addListener(new LeaderLatchListener() {
                @Override
                public void isLeader() {
                    try {
                        term = bumpTerm(name, participant);
                    } catch (Exception e) {
                        term = -1; // leading, but the term could not be recorded
                    }
                    watchOwnNode(l);
                    listeners.forEach(c -> c.accept(true));
                }

                @Override
                public void notLeader() {
                    term = 0;
                    listeners.forEach(c -> c.accept(false));
                }
            });
            try {
                l.start();
            } catch (Exception e) {
                throw new CoordinationException("election " + name + " could not be joined: " + e.getMessage(), e);
            }
            latch = l;
        }

        /**
         * A leader watches nothing in the latch recipe, so an operator's step-down (another node deleting
         * this leader's latch node) would go unnoticed: watch the own node and step down when it goes.
         */
        private void watchOwnNode(LeaderLatch l) {
            String own = l.getOurPath();
            if (own == null) {
                return;
            }
            try {
                Stat exists = client.checkExists().usingWatcher((CuratorWatcher) event -> {
                    // A closing session deletes its own node too: that is no step-down request.
                    if (event.getType() == Watcher.Event.EventType.NodeDeleted && latch == l && !closed && live()) {
                        CompletableFuture.runAsync(this::stepDown);
                    }
                }).forPath(own);
                if (exists == null && latch == l && !closed) {
                    CompletableFuture.runAsync(this::stepDown);
                }
            } catch (Exception e) {
                // The session is going: leadership ends with it anyway.
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isLeader() {
            LeaderLatch l = latch;
            return l != null && l.hasLeadership();
        }

        @Override
        public long term() {
            return isLeader() ? term : 0;
        }

        private boolean live() {
            return client.getState() == CuratorFrameworkState.STARTED && client.getZookeeperClient().isConnected();
        }

        @Override
        public synchronized void stepDown() {
            if (closed || !live()) {
                return;
            }
            LeaderLatch old = latch;
            start(); // queue up again first, so a lone participant simply leads again in a new term
            closeQuietly(old);
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {
            listeners.add(listener);
        }

        @Override
        public synchronized void close() {
            closed = true;
            closeQuietly(latch);
        }

        private void closeQuietly(LeaderLatch l) {
            try {
                l.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
            } catch (IOException | IllegalStateException e) {
                // already closed, or the session is gone: either way it no longer participates
            }
        }
    }
}
