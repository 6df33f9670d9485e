package io.lockstep.backend.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The backend's package structure, checked: packages by feature with no cycles between them, and the
 * HTTP plumbing knowing no feature (features register their routes with it, not the other way round).
 */
class BackendArchitectureTest {

    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lockstep.backend");

    /** Features: each registers its routes, handlers and machines; http and the core know none of them. */
    private static final String[] FEATURES = {"..backend.share..", "..backend.snapshot..", "..backend.backup..",
        "..backend.job..", "..backend.work..", "..backend.lab..", "..backend.leader..", "..backend.lock..",
        "..backend.message..", "..backend.service..", "..backend.audit..", "..backend.node..", "..backend.cli.."};

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.lockstep.backend.(*)..").should().beFreeOfCycles().check(BACKEND);
    }

    @Test
    void httpDependsOnNoFeature() {
        noClasses().that().resideInAPackage("..backend.http..").should().dependOnClassesThat()
                .resideInAnyPackage(FEATURES).check(BACKEND);
    }

    @Test
    void theStateMachinesDependOnNothingButTheApi() {
        noClasses().that().resideInAPackage("..backend.statemachine..").should().dependOnClassesThat()
                .resideInAnyPackage("..backend.(*)..").andShould().dependOnClassesThat()
                .resideOutsideOfPackages("..backend.statemachine..", "io.lockstep.api..", "java..")
                .check(BACKEND);
    }
}
