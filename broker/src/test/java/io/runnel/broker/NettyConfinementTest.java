package io.runnel.broker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Netty is the network layer's implementation detail: swapping it must touch one package only. */
class NettyConfinementTest {

    @Test
    void onlyTheNetworkPackageUsesNetty() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.runnel");

        noClasses()
                .that()
                .resideOutsideOfPackage("io.runnel.broker.network..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.netty..")
                .check(classes);
    }
}
