package io.lockstep.backend.cli;

import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.backend.conflict.ConflictChecker;
import io.lockstep.backend.conflict.ConflictReport;
import io.lockstep.backend.statemachine.ResourceMachines;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep-backend check-machines}: every pair of operations of every resource family, checked
 * from the declared machines with no service running. Exits 1 when a pair is unsafe.
 */
@Command(name = "check-machines", mixinStandardHelpOptions = true,
        description = "Check every pair of operations of every resource family against the declared state machines "
                + "(no service needed): exclusive, commutative, guarded or unsafe. Exits 1 if any pair is unsafe.")
final class CheckMachinesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        List<ConflictCell> cells = new ConflictChecker(ResourceMachines.describeAll().stateMachines()).check();
        long micros = (System.nanoTime() - t0) / 1000;
        PrintWriter out = spec.commandLine().getOut();
        return ConflictReport.print(cells, micros, out) == 0 ? 0 : 1;
    }
}
