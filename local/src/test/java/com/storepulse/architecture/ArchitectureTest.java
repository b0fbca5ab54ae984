package com.storepulse.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md ("Package map"), checked on the compiled classes of
 * every module of the reactor (each module's {@code target/classes}: its production code, not its
 * tests). A module is a directory named in the parent pom; a class belongs to the module it was
 * compiled in. It runs in {@code local}'s tests because {@code local} is built after every module
 * it checks.
 *
 * <p><b>The HTTP edge</b> is {@code com.storepulse.http} in {@code shared} (router, API Gateway
 * exchange, problem+json, {@code ApiException}, {@code ErrorCode}) and every class of an HTTP
 * function module ({@link #HTTP_FUNCTIONS}: its handler, routes and their request and response
 * helpers). Only the edge knows API Gateway types and HTTP errors; below it, domain code throws
 * {@code com.storepulse.errors} types, and code that reads or writes the database is never edge.
 */
class ArchitectureTest {

    /** Which of our modules each module may use; local and bench (the laptop stack, the benchmarks) may use any. */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            "shared", Set.of(),
            "scoring", Set.of("shared"),
            "schema", Set.of(),
            "devservers", Set.of(),
            // tests only (the build's log scan), on none of our code
            "logscan", Set.of(),
            "functions/*", Set.of("shared", "scoring"));

    private static final Set<String> UNCHECKED = Set.of("local", "bench");
    /** Modules whose code runs in a Lambda function or beside it: where the package rules hold. */
    private static final Set<String> LIBRARIES = Set.of("shared", "scoring", "schema", "devservers");

    static final Set<String> HTTP_FUNCTIONS = Set.of("functions/customer-api", "functions/webhook-intake");

    private static final String OURS = "com.storepulse";
    private static final String API_GATEWAY_TYPES = "com.amazonaws.services.lambda.runtime.events.APIGateway";
    private static final String LAMBDA_EVENTS = "com.amazonaws.services.lambda.runtime.events";
    private static final String HTTP = "com.storepulse.http";

    private static final Map<String, String> moduleOfClass = new LinkedHashMap<>();
    private static JavaClasses all;
    private static JavaClasses libraries;

    @BeforeAll
    static void importEveryModule() {
        Path root = repositoryRoot();
        List<Path> outputs = new ArrayList<>();
        for (String module : modules(root)) {
            if (UNCHECKED.contains(module)) {
                continue;
            }
            Path classes = root.resolve(module).resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                if (hasMainSources(root.resolve(module))) {
                    throw new IllegalStateException(
                            module + " is not compiled (no " + classes + "): run the reactor build, ./mvnw verify");
                }
                continue;
            }
            outputs.add(classes);
        }
        all = new ClassFileImporter().importPaths(outputs);
        for (JavaClass c : all) {
            Path file = Path.of(c.getSource().orElseThrow().getUri());
            for (Path output : outputs) {
                if (file.startsWith(output)) {
                    moduleOfClass.put(c.getName(), modulePath(root, output));
                }
            }
        }
        libraries = all.that(
                describe("in a library module " + LIBRARIES, c -> LIBRARIES.contains(moduleOfClass.get(c.getName()))));
    }

    // ---- modules ----------------------------------------------------------------------------

    @Test
    void everyModuleIsInTheRuleTable() {
        Set<String> unknown = new TreeSet<>();
        for (String module : modules(repositoryRoot())) {
            if (!UNCHECKED.contains(module) && allowed(module) == null) {
                unknown.add(module);
            }
        }
        assertEquals(Set.of(), unknown, "say in ArchitectureTest.MAY_USE which of our modules a new module may use");
        for (String module : modules(repositoryRoot())) {
            if (!UNCHECKED.contains(module) && hasMainSources(repositoryRoot().resolve(module))) {
                assertTrue(moduleOfClass.containsValue(module), module + "'s classes were imported");
            }
        }
    }

    /** shared knows no function (nor scoring, nor the dev modules); a function never uses another function. */
    @Test
    void eachModuleUsesOnlyTheModulesItMayUse() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : new TreeSet<>(moduleOfClass.values())) {
            Set<String> mayUse = allowed(module);
            rules.add(classes()
                    .that(inModule(module))
                    .should()
                    .onlyDependOnClassesThat(describe(
                            "are not ours, or are in " + module + " or in " + mayUse,
                            target -> !isOurs(target)
                                    || module.equals(moduleOf(target))
                                    || mayUse.contains(moduleOf(target))))
                    .because("docs/architecture.md: functions depend on shared, never the reverse and never on"
                            + " each other"));
        }
        all(rules).check(all);
    }

    // ---- packages of the library modules -------------------------------------------------------

    /** docs/architecture.md's package map: which package of the library modules may use which. */
    static final Map<String, Set<String>> PACKAGE_MAP = Map.ofEntries(
            Map.entry("http", Set.of("db", "errors", "json", "observability", "ratelimit")),
            Map.entry("alerts", Set.of("config", "errors", "json", "lifecycle")),
            Map.entry("status", Set.of("health")),
            Map.entry(
                    "runtime",
                    Set.of("cache", "config", "db", "health", "http", "lifecycle", "observability", "snapstart")),
            Map.entry(
                    "auth",
                    Set.of(
                            "cache",
                            "config",
                            "db",
                            "errors",
                            "lifecycle",
                            "observability",
                            "ratelimit",
                            "redis",
                            "stores",
                            "usage")),
            Map.entry("ratelimit", Set.of("cache", "errors", "observability", "redis", "usage")),
            Map.entry("usage", Set.of("errors", "observability", "redis")),
            Map.entry("scoring", Set.of("cache", "customers", "db", "errors", "ingest", "json", "stores")),
            Map.entry("stores", Set.of("customers", "errors")),
            Map.entry("customers", Set.of("errors", "json")),
            Map.entry("health", Set.of("cache", "config", "db")),
            Map.entry("snapstart", Set.of("cache", "config", "db")),
            Map.entry("cache", Set.of("config", "json", "observability", "redis")),
            Map.entry("redis", Set.of("config")),
            Map.entry("db", Set.of("config", "errors")),
            Map.entry("observability", Set.of("config", "db", "json")),
            Map.entry("config", Set.of("json")),
            Map.entry("crypto", Set.of("config")),
            Map.entry("ingest", Set.of("errors")),
            Map.entry(
                    "webhooks",
                    Set.of("crypto", "db", "errors", "ingest", "json", "observability", "privacy", "stores")),
            Map.entry("sync", Set.of("config", "crypto", "errors", "ingest", "json", "privacy", "stores")),
            Map.entry(
                    "privacy",
                    Set.of("audit", "cache", "config", "customers", "db", "errors", "json", "observability", "stores")),
            Map.entry("audit", Set.of("json", "observability")),
            Map.entry("errors", Set.of()),
            Map.entry("json", Set.of()),
            Map.entry("lifecycle", Set.of()),
            // dev-only, not in a function jar
            Map.entry("schema", Set.of()),
            Map.entry("devservers", Set.of()));

    /**
     * A row whose package has no class in the library modules checks nothing (ArchUnit allows the
     * empty rule): a package that moved out of them (as {@code demodata} did, into {@code local}, which is
     * not checked) or was renamed would leave a rule that looks enforced and is not.
     */
    @Test
    void everyRowOfThePackageMapNamesAPackageOfTheLibraries() {
        Set<String> present = new TreeSet<>();
        libraries.forEach(c -> present.add(topPackage(c)));
        Set<String> stale = new TreeSet<>(PACKAGE_MAP.keySet());
        stale.removeAll(present);
        assertEquals(
                Set.of(),
                stale,
                "rows of ArchitectureTest.PACKAGE_MAP (and docs/architecture.md's package map) with no class in "
                        + LIBRARIES + ": remove them or check the module they moved to");
    }

    @Test
    void eachPackageUsesOnlyWhatThePackageMapAllows() {
        Set<String> unmapped = new TreeSet<>();
        libraries.forEach(c -> {
            if (!PACKAGE_MAP.containsKey(topPackage(c))) {
                unmapped.add(c.getPackageName());
            }
        });
        assertEquals(
                Set.of(),
                unmapped,
                "a new package: add it to docs/architecture.md's package map and ArchitectureTest.PACKAGE_MAP");
        List<ArchRule> rules = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : new TreeMap<>(PACKAGE_MAP).entrySet()) {
            String pkg = entry.getKey();
            Set<String> mayUse = entry.getValue();
            rules.add(classes()
                    .that()
                    .resideInAPackage(OURS + "." + pkg + "..")
                    .should()
                    .onlyDependOnClassesThat(describe(
                            "are not ours, or are in " + pkg + " or in " + new TreeSet<>(mayUse),
                            target -> !isOurs(target)
                                    || pkg.equals(topPackage(target))
                                    || mayUse.contains(topPackage(target))))
                    .because("docs/architecture.md's package map (a dependency that is right goes into the map"
                            + " and ArchitectureTest.PACKAGE_MAP)")
                    .allowEmptyShould(true));
        }
        all(rules).check(libraries);
    }

    @Test
    void noCyclesBetweenPackages() {
        SlicesRuleDefinition.slices()
                .matching("com.storepulse.(*)..")
                .should()
                .beFreeOfCycles()
                .because("docs/architecture.md: each package uses only those below it in the package map")
                .check(libraries);
    }

    @Test
    void theRedisPlumbingDependsOnlyOnConfiguration() {
        classes()
                .that()
                .resideInAPackage("com.storepulse.redis..")
                .should()
                .onlyDependOnClassesThat(describe(
                        "are not ours, or are in redis or config",
                        target -> !isOurs(target)
                                || target.getPackageName().startsWith("com.storepulse.redis")
                                || target.getPackageName().startsWith("com.storepulse.config")))
                .because("the plumbing is below the cache, the rate limiter and the usage ledger")
                .check(libraries);
    }

    @Test
    void onlyTheRedisPlumbingOpensConnections() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.storepulse.redis..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.lettuce.core.RedisClient")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.lettuce.core.RedisURI")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("io.lettuce.core.resource..")
                .because("connections, timeouts and back-off are com.storepulse.redis.RedisConnection's")
                .check(all);
    }

    @Test
    void onlyRedisUsersTouchLettuce() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "com.storepulse.redis..",
                        "com.storepulse.cache..",
                        "com.storepulse.ratelimit..",
                        "com.storepulse.usage..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.lettuce..")
                .because("Redis is reached through com.storepulse.redis by the cache, the rate limiter and usage")
                .check(all);
    }

    @Test
    void theRateLimiterAndUsageDoNotBorrowTheCache() {
        noClasses()
                .that()
                .resideInAnyPackage("com.storepulse.ratelimit..", "com.storepulse.usage..")
                .should()
                .dependOnClassesThat(describe(
                        "are in com.storepulse.cache (other than InProcessCache, a map in the JVM's memory)",
                        target -> target.getPackageName().startsWith("com.storepulse.cache")
                                && !target.getName().equals("com.storepulse.cache.InProcessCache")))
                .because("their Redis plumbing is com.storepulse.redis, not the cache's")
                .check(all);
    }

    // ---- the HTTP edge ----------------------------------------------------------------------

    @Test
    void onlyTheHttpEdgeKnowsApiGatewayTypes() {
        noClasses()
                .that(notAtTheHttpEdge())
                .should()
                .dependOnClassesThat()
                .haveNameMatching(Pattern.quote(API_GATEWAY_TYPES) + ".*")
                .because("docs/architecture.md: the HTTP edge is com.storepulse.http and the HTTP functions")
                .check(all);
    }

    @Test
    void inTheLibrariesOnlyHttpKnowsLambdaEvents() {
        noClasses()
                .that()
                .resideOutsideOfPackage(HTTP + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(LAMBDA_EVENTS + "..")
                .because("a function's own trigger (SNS, a schedule) is its handler's business, not shared's")
                .check(libraries);
    }

    @Test
    void onlyTheHttpEdgeAndTheWiringUseTheHttpPackage() {
        noClasses()
                .that(notAtTheHttpEdge())
                .and()
                .resideOutsideOfPackage("com.storepulse.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(HTTP + "..")
                .because("domain code throws com.storepulse.errors types; only the edge knows ApiException,"
                        + " ErrorCode and problem+json")
                .check(all);
    }

    @Test
    void codeThatUsesTheDatabaseIsNotEdge() {
        noClasses()
                .that(runSql())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(HTTP + "..")
                .orShould()
                .dependOnClassesThat()
                .haveNameMatching(Pattern.quote(API_GATEWAY_TYPES) + ".*")
                .because("a repository or a service throws domain errors; a sync run or a webhook calls it too")
                .check(all);
    }

    @Test
    void theDomainErrorsDependOnNothingOfOurs() {
        classes()
                .that()
                .resideInAPackage("com.storepulse.errors..")
                .should()
                .onlyDependOnClassesThat(describe(
                        "are not ours, or are in com.storepulse.errors",
                        target -> !isOurs(target) || target.getPackageName().startsWith("com.storepulse.errors")))
                .because("every layer and every function may throw them")
                .check(all);
    }

    // ---- webhooks -----------------------------------------------------------------------------

    /**
     * Signatures are compared in constant time ({@link java.security.MessageDigest#isEqual}): a
     * comparison that stops at the first differing byte tells a forger how much of a guess is right.
     * No test can time it, so the rule is on the verifier's calls.
     */
    @Test
    void webhookSignaturesAreComparedInConstantTime() {
        classes()
                .that()
                .haveFullyQualifiedName("com.storepulse.webhooks.SignatureVerifier")
                .should()
                .callMethod(java.security.MessageDigest.class, "isEqual", byte[].class, byte[].class)
                .because("docs/webhooks.md: signatures are compared in constant time")
                .check(all);
        noClasses()
                .that()
                .haveFullyQualifiedName("com.storepulse.webhooks.SignatureVerifier")
                .should()
                .callMethod(java.util.Arrays.class, "equals", byte[].class, byte[].class)
                .orShould()
                .callMethod(java.util.Arrays.class, "mismatch", byte[].class, byte[].class)
                .orShould()
                .callMethod(java.util.Arrays.class, "compare", byte[].class, byte[].class)
                .because("a byte-by-byte comparison that stops early leaks how much of a signature matched;"
                        + " compare with MessageDigest.isEqual")
                .check(all);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** One rule of several, so that a failure lists every violation, not only the first rule's. */
    private static ArchRule all(List<ArchRule> rules) {
        CompositeArchRule composite = CompositeArchRule.of(rules.get(0));
        for (ArchRule rule : rules.subList(1, rules.size())) {
            composite = composite.and(rule);
        }
        return composite;
    }

    private static DescribedPredicate<JavaClass> notAtTheHttpEdge() {
        return describe(
                "are not at the HTTP edge (" + HTTP + ", " + HTTP_FUNCTIONS + ")",
                c -> !c.getPackageName().equals(HTTP)
                        && !c.getPackageName().startsWith(HTTP + ".")
                        && !HTTP_FUNCTIONS.contains(moduleOf(c)));
    }

    /**
     * Data access code: a class that runs SQL through Jdbi (a handle, an extension, a transaction,
     * a SQL object). Wiring that only passes a {@code Jdbi} along is not.
     */
    private static DescribedPredicate<JavaClass> runSql() {
        Set<String> running = Set.of(
                "withHandle", "useHandle", "withExtension", "useExtension", "inTransaction", "useTransaction", "open");
        return describe(
                "run SQL through Jdbi",
                c -> c.getDirectDependenciesFromSelf().stream()
                                .anyMatch(d -> d.getTargetClass().getName().equals("org.jdbi.v3.core.Handle")
                                        || d.getTargetClass().getPackageName().startsWith("org.jdbi.v3.sqlobject"))
                        || c.getMethodCallsFromSelf().stream()
                                .anyMatch(
                                        call -> call.getTargetOwner().getName().equals("org.jdbi.v3.core.Jdbi")
                                                && running.contains(call.getName())));
    }

    /** {@code com.storepulse.auth.x.Y} -> {@code auth}. */
    private static String topPackage(JavaClass c) {
        String pkg = c.getBaseComponentType().getPackageName();
        if (!pkg.startsWith(OURS + ".")) {
            return "";
        }
        String rest = pkg.substring(OURS.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static DescribedPredicate<JavaClass> inModule(String module) {
        return describe("are in module " + module, c -> module.equals(moduleOf(c)));
    }

    private static String moduleOf(JavaClass c) {
        return moduleOfClass.get(c.getBaseComponentType().getName());
    }

    private static boolean isOurs(JavaClass c) {
        String pkg = c.getBaseComponentType().getPackageName();
        return pkg.equals(OURS) || pkg.startsWith(OURS + ".");
    }

    private static Set<String> allowed(String module) {
        Set<String> exact = MAY_USE.get(module);
        if (exact != null) {
            return exact;
        }
        return module.startsWith("functions/") ? MAY_USE.get("functions/*") : null;
    }

    /** {@code <root>/functions/customer-api/target/classes} -> {@code functions/customer-api}. */
    private static String modulePath(Path root, Path classes) {
        return root.relativize(classes.getParent().getParent()).toString().replace('\\', '/');
    }

    private static boolean hasMainSources(Path module) {
        return Files.isDirectory(module.resolve("src/main/java"));
    }

    /** The modules the parent pom lists, as directories relative to the repository root. */
    private static List<String> modules(Path root) {
        try {
            String pom = Files.readString(root.resolve("pom.xml"));
            List<String> modules = new ArrayList<>();
            Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
            while (m.find()) {
                modules.add(m.group(1).trim());
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** local/target/test-classes -> the repository root. */
    private static Path repositoryRoot() {
        try {
            Path testClasses = Path.of(ArchitectureTest.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return testClasses.getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
