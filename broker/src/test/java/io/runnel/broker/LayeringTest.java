package io.runnel.broker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The broker's layers, checked by the build rather than by review: request handling knows nothing of file formats,
 * the controller and the coordinator talk to the rest through small interfaces, and only the assembly knows every
 * part.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.runnel");
    }

    @Test
    void requestHandlingUsesOnlyTheStorageApiNotItsFileFormats() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.runnel.broker.api..", "io.runnel.broker.group..", "io.runnel.broker.partition..")
                .and()
                .doNotHaveSimpleName("LogStoreCatalog") // the one adapter from LocalPartitions to the LogStore
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.runnel.storage.log..",
                        "io.runnel.storage.segment..",
                        "io.runnel.storage.checkpoint..",
                        "io.runnel.storage.epoch..",
                        "io.runnel.storage.producer..")
                .check(classes);
    }

    @Test
    void groupCoordinatorKnowsNothingOfTheNetworkZooKeeperOrPartitions() {
        noClasses()
                .that()
                .resideInAPackage("io.runnel.broker.group..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.runnel.broker.network..",
                        "io.runnel.broker.zk..",
                        "io.runnel.broker.controller..",
                        "io.runnel.broker.partition..",
                        "io.runnel.broker.server..",
                        "io.runnel.broker.api..")
                .check(classes);
    }

    @Test
    void controllerAndMetadataKnowNothingOfRequestsOrLocalReplicas() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.runnel.broker.controller..", "io.runnel.broker.zk..", "io.runnel.broker.metadata..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.runnel.broker.api..",
                        "io.runnel.broker.network..",
                        "io.runnel.broker.partition..",
                        "io.runnel.broker.group..",
                        "io.runnel.broker.server..")
                .check(classes);
    }

    @Test
    void onlyTheAssemblyKnowsHowTheBrokerIsPutTogether() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.runnel.broker.api..",
                        "io.runnel.broker.group..",
                        "io.runnel.broker.partition..",
                        "io.runnel.broker.purgatory..",
                        "io.runnel.broker.controller..",
                        "io.runnel.broker.zk..",
                        "io.runnel.broker.metadata..",
                        "io.runnel.broker.network..",
                        "io.runnel.broker.config..",
                        "io.runnel.broker.logdir..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.runnel.broker.server..")
                .check(classes);
    }
}
