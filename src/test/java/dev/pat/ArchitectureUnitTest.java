package dev.pat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules, checked on the compiled main classes: dependencies run one way,
 * {@code rest → service → repository → model}, with {@code security} beside {@code rest},
 * {@code api} (the wire records) and {@code query} (the typed list query) between, and
 * {@code config} underneath; no cycle between packages; no resource touches a repository.
 */
class ArchitectureUnitTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.pat");
    }

    @Test
    void theModelDependsOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage("dev.pat.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pat.api..", "dev.pat.query..", "dev.pat.repository..", "dev.pat.service..", "dev.pat.rest..",
                        "dev.pat.security..", "dev.pat.config.."));
    }

    @Test
    void theListQueryDependsOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage("dev.pat.query..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pat.api..", "dev.pat.model..", "dev.pat.repository..", "dev.pat.service..", "dev.pat.rest..",
                        "dev.pat.security..", "dev.pat.config.."));
    }

    @Test
    void theWireRecordsMapFromTheModelOnly() {
        check(noClasses().that().resideInAPackage("dev.pat.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pat.query..", "dev.pat.repository..", "dev.pat.service..", "dev.pat.rest..", "dev.pat.security..",
                        "dev.pat.config.."));
    }

    @Test
    void repositoriesKnowNeitherServicesNorHttpNorWireRecords() {
        check(noClasses().that().resideInAPackage("dev.pat.repository..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pat.api..", "dev.pat.service..", "dev.pat.rest..", "dev.pat.security.."));
    }

    @Test
    void servicesKnowNeitherHttpNorSecurityMechanics() {
        check(noClasses().that().resideInAPackage("dev.pat.service..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pat.rest..", "dev.pat.security.."));
    }

    @Test
    void securityStandsBesideRestAndNeverUsesIt() {
        check(noClasses().that().resideInAPackage("dev.pat.security..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pat.rest..", "dev.pat.repository.."));
    }

    @Test
    void configurationIsUnderneath() {
        check(noClasses().that().resideInAPackage("dev.pat.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.pat.api..", "dev.pat.query..", "dev.pat.model..", "dev.pat.repository..", "dev.pat.service..",
                        "dev.pat.rest..", "dev.pat.security.."));
    }

    @Test
    void noResourceTouchesARepository() {
        check(noClasses().that().resideInAPackage("dev.pat.rest..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pat.repository..", "dev.pat.model.."));
    }

    @Test
    void noCycleBetweenPackages() {
        check(slices().matching("dev.pat.(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
