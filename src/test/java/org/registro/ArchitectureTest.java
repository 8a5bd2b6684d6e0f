package org.registro;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules of DESIGN.md and STYLE.md, checked on every build. */
@AnalyzeClasses(packages = "org.registro", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] UI_PACKAGES = {"org.registro.app..", "org.registro.ui..", "..ui.."};

    @ArchTest
    static final ArchRule coreIsFreeOfJavaFx = noClasses()
            .that().resideOutsideOfPackages(UI_PACKAGES)
            .and().doNotHaveFullyQualifiedName("org.registro.Main")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..",
                    "org.kordamp.ikonli..")
            .because("core services run in the CLI and in tests without a screen");

    @ArchTest
    static final ArchRule uiNeverTouchesTheDatabase = noClasses()
            .that().resideInAnyPackage(UI_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "org.registro.db..", "java.sql..")
            .because("views and view models go through services");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("org.registro.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheCliPrints = noClasses()
            .that().resideOutsideOfPackage("org.registro.cli..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("core reports through return values and Progress; the CLI decides what to print");

    @ArchTest
    static final ArchRule coreDoesNotPrintStackTraces = noClasses()
            .that().resideOutsideOfPackage("org.registro.cli..")
            .should().callMethod(Throwable.class, "printStackTrace");
}
