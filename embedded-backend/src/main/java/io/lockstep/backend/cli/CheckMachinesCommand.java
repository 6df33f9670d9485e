package io.lockstep.backend.cli;

import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.backend.conflict.ConflictChecker;
import io.lockstep.backend.conflict.ConflictReport;
import io.lockstep.backend.conflict.InterleavingExplorer;
import io.lockstep.backend.statemachine.ResourceMachines;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep-backend check-machines}: every pair of operations of every resource family, checked
 * from the declared machines with no service running. Exits 1 when a pair is unsafe.
 */
@Command(name = "check-machines", mixinStandardHelpOptions = true,
        description = "Check every pair of operations of every resource family against the declared state machines "
                + "(no service needed): exclusive, commutative, guarded or unsafe; then explore every interleaving of "
                + "up to --k requests for broken invariants. Exits 1 if a pair is unsafe or an invariant breaks.")
final class CheckMachinesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--k", defaultValue = "3", description = "Concurrent requests per explored scenario "
            + "(default: ${DEFAULT-VALUE}).")
    int k;

    @Override
    public Integer call() {
        var machines = ResourceMachines.describeAll().stateMachines();
        long t0 = System.nanoTime();
        List<ConflictCell> cells = new ConflictChecker(machines).check();
        long micros = (System.nanoTime() - t0) / 1000;
        PrintWriter out = spec.commandLine().getOut();
        int unsafe = ConflictReport.print(cells, micros, out);
        int violations = 0;
        var explorer = new InterleavingExplorer(machines, new InterleavingExplorer.Options(k, true));
        for (var root : machines.stream().filter(m -> m.parent() == null).toList()) {
            var result = explorer.explore(root.resource());
            if (result.scenarios() == 0) {
                continue; // no requests a client can send on this family (jobs are started by operations)
            }
            out.printf("%s family, up to %d concurrent requests: %d scenarios, %d states explored in %.1f s; %d "
                    + "violations%n", root.resource(), k, result.scenarios(), result.states(), result.micros() / 1e6,
                    result.violations().size());
            result.violations().forEach(v -> out.println("VIOLATION " + v));
            violations += result.violations().size();
        }
        out.flush();
        return unsafe == 0 && violations == 0 ? 0 : 1;
    }
}
