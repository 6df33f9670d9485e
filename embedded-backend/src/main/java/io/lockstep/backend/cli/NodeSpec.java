package io.lockstep.backend.cli;

import io.lockstep.backend.node.NodeRole;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code serve}'s {@code --services} and {@code --coordination} values, parsed with errors that name the fix. */
final class NodeSpec {

    static final List<String> SERVICES = List.of("api", "share", "share@POOL", "data");
    static final List<String> POOLS = io.lockstep.backend.driver.SimulatedPools.names();

    /** Which services run, and the pool new shares of this node's share service land in. */
    record Services(Set<NodeRole> roles, String pool) {
    }

    /** {@code in-process} (one node alone) or ZooKeeper hosts and the namespace under which Lockstep keeps its nodes. */
    record Coordination(String zooKeeperHosts, String namespace) {
        boolean inProcess() {
            return zooKeeperHosts == null;
        }
    }

    private NodeSpec() {
    }

    static Services services(String spec) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        String pool = "pool1";
        for (String raw : spec.split(",")) {
            String s = raw.strip().toLowerCase(Locale.ROOT);
            if (s.equals("api")) {
                roles.add(NodeRole.API);
            } else if (s.equals("data")) {
                roles.add(NodeRole.DATA);
            } else if (s.equals("share") || s.startsWith("share@")) {
                roles.add(NodeRole.SHARE);
                if (s.startsWith("share@")) {
                    pool = s.substring("share@".length());
                    if (!POOLS.contains(pool)) {
                        throw new IllegalArgumentException("--services: share@" + pool + " names no pool; the "
                                + "simulated backend has " + POOLS);
                    }
                }
            } else {
                throw new IllegalArgumentException("--services: '" + raw.strip() + "' is not a service; use a "
                        + "comma-separated list of " + SERVICES + " (e.g. api,share@pool1,data)");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("--services: name at least one of " + SERVICES);
        }
        return new Services(roles, pool);
    }

    static Coordination coordination(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("in-process")) {
            return new Coordination(null, null);
        }
        if (!spec.startsWith("zookeeper://")) {
            throw new IllegalArgumentException("--coordination must be 'in-process' or "
                    + "'zookeeper://HOST:PORT[,HOST:PORT...]/NAMESPACE' (got '" + spec + "')");
        }
        String rest = spec.substring("zookeeper://".length());
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String namespace = slash < 0 ? "lockstep" : rest.substring(slash + 1);
        if (hosts.isBlank() || !hosts.matches("[\\w.\\-\\[\\]:]+(:\\d+)?(,[\\w.\\-\\[\\]:]+(:\\d+)?)*")) {
            throw new IllegalArgumentException("--coordination: '" + hosts + "' is not a list of HOST:PORT");
        }
        if (!namespace.matches("[\\w.\\-]+")) {
            throw new IllegalArgumentException("--coordination: the namespace after the '/' must be one path "
                    + "element of letters, digits, '.', '-' or '_' (got '" + namespace + "')");
        }
        return new Coordination(hosts, namespace);
    }
}
