package dev.pat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules, checked on the compiled main classes.
 *
 * <p>Capabilities depend one way: {@code notification} and {@code credential} on {@code token},
 * {@code token} on {@code directory}, and every capability on the shared rooms ({@code http},
 * {@code security}, {@code listing}, {@code crud}, {@code platform}), which know no capability.
 * Where a lower capability must reach a higher one (a token change told to webhooks, a deleted user's
 * tokens), it defines an interface the higher one implements. {@code demo} and {@code openapi} read
 * the capabilities; nothing reads them.
 *
 * <p>Inside a capability, layers point one way too: {@code rest → service → repository → model},
 * with {@code api} (the wire records) mapping from the model only. And no cycle between any two
 * packages.
 */
class ArchitectureUnitTest {

    private static final String[] CAPABILITIES = {"dev.pat.demo..", "dev.pat.openapi..", "dev.pat.notification..",
            "dev.pat.credential..", "dev.pat.token..", "dev.pat.directory.."};
    private static final String[] SHARED = {"dev.pat.http..", "dev.pat.security..", "dev.pat.listing..", "dev.pat.crud..",
            "dev.pat.platform.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.pat");
    }

    @Test
    void capabilitiesDependOneWay() {
        check(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Demo").definedBy("dev.pat.demo..")
                .layer("OpenApi").definedBy("dev.pat.openapi..")
                .layer("Notification").definedBy("dev.pat.notification..")
                .layer("Credential").definedBy("dev.pat.credential..")
                .layer("Token").definedBy("dev.pat.token..")
                .layer("Directory").definedBy("dev.pat.directory..")
                .layer("Shared").definedBy(SHARED)
                .whereLayer("Demo").mayNotBeAccessedByAnyLayer()
                .whereLayer("OpenApi").mayNotBeAccessedByAnyLayer()
                .whereLayer("Notification").mayOnlyBeAccessedByLayers("Demo", "OpenApi")
                .whereLayer("Credential").mayOnlyBeAccessedByLayers("Demo", "OpenApi")
                .whereLayer("Token").mayOnlyBeAccessedByLayers("Notification", "Credential", "Demo", "OpenApi")
                .whereLayer("Directory").mayOnlyBeAccessedByLayers("Token", "Notification", "Credential", "Demo", "OpenApi"));
    }

    @Test
    void sharedRoomsKnowNoCapability() {
        check(noClasses().that().resideInAnyPackage(SHARED).should().dependOnClassesThat().resideInAnyPackage(CAPABILITIES));
    }

    @Test
    void sharedRoomsStandOnePerFloor() {
        // platform at the bottom; listing, crud and security on it; http on top of them all.
        check(noClasses().that().resideInAPackage("dev.pat.platform..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.pat.http..", "dev.pat.security..", "dev.pat.listing..", "dev.pat.crud.."));
        check(noClasses().that().resideInAnyPackage("dev.pat.listing..", "dev.pat.crud..", "dev.pat.security..")
                .should().dependOnClassesThat().resideInAPackage("dev.pat.http.."));
    }

    @Test
    void modelsDependOnNoLayerAboveThem() {
        check(noClasses().that().resideInAPackage("..model..").should().dependOnClassesThat()
                .resideInAnyPackage("..api..", "..repository..", "..service..", "..rest..", "..change..", "dev.pat.http.."));
    }

    @Test
    void wireRecordsMapFromTheModelOnly() {
        check(noClasses().that().resideInAPackage("..api..").should().dependOnClassesThat()
                .resideInAnyPackage("..repository..", "..service..", "..rest..", "..change.."));
    }

    @Test
    void repositoriesKnowNeitherServicesNorHttpNorWireRecords() {
        check(noClasses().that().resideInAPackage("..repository..").should().dependOnClassesThat()
                .resideInAnyPackage("..api..", "..service..", "..rest..", "..change..", "dev.pat.http.."));
    }

    @Test
    void servicesKnowNoHttp() {
        check(noClasses().that().resideInAnyPackage("..service..", "..change..").should().dependOnClassesThat()
                .resideInAnyPackage("..rest..", "dev.pat.http.."));
    }

    @Test
    void noResourceTouchesARepositoryOrAnEntity() {
        check(noClasses().that().resideInAPackage("..rest..").should().dependOnClassesThat()
                .resideInAnyPackage("..repository..", "..model.."));
    }

    @Test
    void noCycleBetweenCapabilitiesOrRooms() {
        check(slices().matching("dev.pat.(*)..").should().beFreeOfCycles());
    }

    @Test
    void noCycleBetweenAnyTwoPackages() {
        check(slices().matching("dev.pat.(**)").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
