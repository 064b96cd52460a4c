package io.mahaksync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Parses every manifest under k8s/ and checks it against the application: probe paths and ports,
 * environment variables that map to real properties, secret keys, the routes ConfigMap, the
 * security settings and the CronJob's run-once mode. The metrics the dashboard plots are checked against
 * what /q/metrics really serves by {@link OpsMetricsServedTest}.
 */
class OpsManifestsTest {

    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    private static final Pattern PROPERTY_LINE = Pattern.compile("^#?\\s*(%[\\w-]+\\.)?([a-z][\\w.\\-\"]*)\\s*=");

    static Set<String> appProperties;
    static Properties appValues;
    static Map<Path, List<Map<String, Object>>> manifests;

    @BeforeAll
    static void load() throws IOException {
        appProperties = new HashSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("application.properties"))) {
            Matcher m = PROPERTY_LINE.matcher(line);
            if (m.find()) {
                appProperties.add(m.group(2));
            }
        }
        appValues = new Properties();
        try (Reader r = Files.newBufferedReader(ROOT.resolve("application.properties"))) {
            appValues.load(r);
        }
        manifests = new HashMap<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.startsWith(K8S.resolve("base/routes"))).sorted().toList()) {
                List<Map<String, Object>> docs = new ArrayList<>();
                try (InputStream in = Files.newInputStream(p)) {
                    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                        if (doc != null) {
                            docs.add(map(doc));
                        }
                    }
                }
                manifests.put(p, docs);
            }
        }
    }

    @Test
    void everyManifestParsesAndTheExpectedObjectsExist() {
        Set<String> kinds = allDocs().stream().map(d -> (String) d.get("kind")).collect(Collectors.toSet());
        assertThat(kinds).contains("Kustomization", "Deployment", "Service", "Secret", "CronJob", "Role",
                "RoleBinding", "ServiceAccount");
    }

    @Test
    void probesUseTheRealHealthPathsAndTheAppsPort() {
        int appPort = Integer.parseInt(appValues.getProperty("quarkus.http.port"));
        // health and metrics move to quarkus.management.port when a build turns the management interface on
        assertThat(appValues.getProperty("quarkus.management.enabled", "false"))
                .as("the manifests probe and scrape the HTTP port: with quarkus.management.enabled=true they must "
                        + "use quarkus.management.port (README, Metrics)").isEqualTo("false");
        List<Map<String, Object>> containers = containers("Deployment");
        assertThat(containers).isNotEmpty();
        for (Map<String, Object> c : containers) {
            Map<String, Object> ports = map(list(c.get("ports")).get(0));
            assertThat(ports.get("containerPort")).isEqualTo(appPort);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(c.get(probe)).get("httpGet"));
                assertThat(HEALTH_PATHS).as(probe).contains((String) get.get("path"));
                assertThat(get.get("port")).as(probe).isIn(ports.get("name"), appPort);
            }
            assertThat(map(map(c.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/live");
            assertThat(map(map(c.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/ready");
        }
        for (Map<String, Object> svc : docs("Service").stream().filter(d -> d.get("spec") != null).toList()) {
            Map<String, Object> port = map(list(map(svc.get("spec")).get("ports")).get(0));
            assertThat(port.get("targetPort")).isIn("http", appPort);
        }
        Map<String, Object> annotations = map(map(map(map(manifests.get(K8S.resolve("base/deployment.yaml")).get(0).get("spec")).get("template"))
                .get("metadata")).get("annotations"));
        assertThat(annotations.get("prometheus.io/path")).isEqualTo("/q/metrics");
    }

    @Test
    void everyMahakEnvironmentVariableIsARealProperty() {
        Map<String, String> envToProperty = new HashMap<>();
        for (String p : appProperties) {
            envToProperty.put(p.replace("\"", "").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), p);
        }
        Set<String> seen = new TreeSet<>();
        for (Map<String, Object> c : containersAndPatches()) {
            for (Object e : list(c.get("env"))) {
                String name = (String) map(e).get("name");
                if (name.startsWith("MAHAK_")) {
                    seen.add(name);
                    assertThat(envToProperty).as("property behind env " + name).containsKey(name);
                }
            }
        }
        assertThat(seen).contains("MAHAK_PASSWORD", "MAHAK_TARGET_PASSWORD", "MAHAK_ADMIN_PASSWORD", "MAHAK_RUN_ONCE",
                "MAHAK_LEADER_MODE");
    }

    @Test
    void secretReferencesMatchTheTemplateWhichHoldsNoRealValue() {
        Map<String, Object> secret = docs("Secret").get(0);
        String secretName = (String) map(secret.get("metadata")).get("name");
        Map<String, Object> data = map(secret.get("stringData"));
        for (Map<String, Object> c : containersAndPatches()) {
            for (Object e : list(c.get("env"))) {
                Object from = map(e).get("valueFrom");
                if (from != null && map(from).get("secretKeyRef") != null) {
                    Map<String, Object> ref = map(map(from).get("secretKeyRef"));
                    assertThat(ref.get("name")).isEqualTo(secretName);
                    assertThat(data).containsKey((String) ref.get("key"));
                }
            }
        }
        for (Object v : data.values()) {
            assertThat(String.valueOf(v)).as("the template holds placeholders, never a value")
                    .matches(".*<(fill in|host)>.*|0");
        }
        // The template is never applied by kustomize.
        for (Map<String, Object> k : docs("Kustomization")) {
            assertThat(list(k.get("resources"))).noneMatch(r -> String.valueOf(r).contains("secret"));
        }
    }

    @Test
    void clusterSettingsNameRealPropertiesAndLoadRoutesFromTheMountedConfigMap() throws IOException {
        Properties cluster = new Properties();
        try (Reader r = Files.newBufferedReader(K8S.resolve("base/config/application.properties"))) {
            cluster.load(r);
        }
        for (String key : cluster.stringPropertyNames()) {
            assertThat(appProperties).as("k8s setting " + key).contains(key);
        }
        assertThat(cluster.getProperty("camel.main.routes-include-pattern"))
                .isEqualTo("file:/deployments/routes/*.camel.yaml");
        assertThat(appValues.getProperty("quarkus.jib.working-directory")).isEqualTo("/deployments");
        for (Map<String, Object> c : containers(null)) {
            Set<String> mounts = list(c.get("volumeMounts")).stream().map(m -> (String) map(m).get("mountPath"))
                    .collect(Collectors.toSet());
            assertThat(mounts).contains("/deployments/routes", "/deployments/config", "/tmp", "/deployments/data");
        }
    }

    @Test
    void theRoutesConfigMapCarriesExactlyTheProjectsRoutes() throws IOException {
        Set<String> project = routeFiles(ROOT.resolve("routes"));
        Set<String> copied = routeFiles(K8S.resolve("base/routes"));
        assertThat(copied).as("k8s/base/routes (run k8s/sync-routes.sh)").isEqualTo(project);
        for (String f : project) {
            assertThat(Files.readString(K8S.resolve("base/routes").resolve(f)))
                    .as(f + " copy (run k8s/sync-routes.sh)").isEqualTo(Files.readString(ROOT.resolve("routes").resolve(f)));
        }
        Map<String, Object> base = manifests.get(K8S.resolve("base/kustomization.yaml")).get(0);
        List<Object> generated = new ArrayList<>();
        for (Object g : list(base.get("configMapGenerator"))) {
            if ("mahak-camel-sync-routes".equals(map(g).get("name"))) {
                generated.addAll(list(map(g).get("files")));
            }
        }
        assertThat(generated).containsExactlyInAnyOrderElementsOf(
                project.stream().map(f -> "routes/" + f).collect(Collectors.toList()));
    }

    @Test
    void theNativeProfileNamesEveryRoute() throws IOException {
        String pattern = appValues.getProperty("%native.camel.main.routes-include-pattern");
        assertThat(pattern).as("%native.camel.main.routes-include-pattern").isNotNull();
        Set<String> listed = Stream.of(pattern.split(",")).map(String::trim)
                .map(p -> p.substring(p.lastIndexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(pattern).doesNotContain("*");
        assertThat(listed).isEqualTo(routeFiles(ROOT.resolve("routes")));
    }

    @Test
    void containersRunAsNonRootOnAReadOnlyRootFileSystem() {
        for (String kind : List.of("Deployment", "CronJob")) {
            for (Map<String, Object> pod : podSpecs(kind)) {
                assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).as(kind).isEqualTo(true);
                for (Object c : list(pod.get("containers"))) {
                    Map<String, Object> sc = map(map(c).get("securityContext"));
                    assertThat(sc.get("readOnlyRootFilesystem")).as(kind).isEqualTo(true);
                    assertThat(sc.get("allowPrivilegeEscalation")).as(kind).isEqualTo(false);
                    assertThat(map(map(c).get("resources")).get("limits")).as(kind).isNotNull();
                }
                assertThat(list(pod.get("volumes"))).anyMatch(v -> "tmp".equals(map(v).get("name"))
                        && map(v).containsKey("emptyDir"));
            }
        }
    }

    @Test
    void theCronJobRunsOnceWithoutTheAdminApi() {
        Map<String, Object> pod = podSpecs("CronJob").get(0);
        assertThat(pod.get("restartPolicy")).isIn("Never", "OnFailure");
        Map<String, Object> env = new HashMap<>();
        for (Object e : list(map(list(pod.get("containers")).get(0)).get("env"))) {
            env.put((String) map(e).get("name"), map(e).get("value"));
        }
        assertThat(env).containsEntry("MAHAK_RUN_ONCE", "true").containsEntry("MAHAK_ADMIN_ENABLED", "false");
        assertThat(appProperties).contains("mahak.run-once");
    }

    // ------------------------------------------------------------------------------ helpers

    private static Set<String> routeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<Map<String, Object>> allDocs() {
        return manifests.values().stream().flatMap(List::stream).toList();
    }

    private static List<Map<String, Object>> docs(String kind) {
        return allDocs().stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** Pod specs of complete objects (kustomize patches, whose containers name no image, are left out). */
    private static List<Map<String, Object>> podSpecs(String kind) {
        return allPodSpecs(kind).stream().filter(pod -> list(pod.get("containers")).stream()
                .allMatch(c -> map(c).get("image") != null)).toList();
    }

    private static List<Map<String, Object>> allPodSpecs(String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> d : docs(kind)) {
            Map<String, Object> spec = map(d.get("spec"));
            if (kind.equals("CronJob")) {
                spec = map(map(spec.get("jobTemplate")).get("spec"));
            }
            if (spec.get("template") != null) {
                out.add(map(map(spec.get("template")).get("spec")));
            }
        }
        return out;
    }

    /** Complete containers of the given kind (null: of Deployments and CronJobs). */
    private static List<Map<String, Object>> containers(String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String k : kind == null ? List.of("Deployment", "CronJob") : List.of(kind)) {
            for (Map<String, Object> pod : podSpecs(k)) {
                list(pod.get("containers")).forEach(c -> out.add(map(c)));
            }
        }
        return out;
    }

    /** Every container of Deployments and CronJobs, kustomize patches included (for their env). */
    private static List<Map<String, Object>> containersAndPatches() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String k : List.of("Deployment", "CronJob")) {
            for (Map<String, Object> pod : allPodSpecs(k)) {
                list(pod.get("containers")).forEach(c -> out.add(map(c)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
