package io.mahaksync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start archive the container image records (k8s/image/build.sh), recorded the same way for the bench's
 * start cases (--start-archive): one run-once demo cycle on in-memory databases with the JVM that will start
 * the product. A JDK of 25 or later records an AOT cache (JEP 483 and 515: classes loaded and linked, method
 * profiles); an older one a class-data archive (AppCDS). Returns the options that start the product with it.
 */
final class StartArchive {

    private StartArchive() {
    }

    static List<String> record(Path workDir) throws Exception {
        Path dir = workDir.resolve("start-archive").toAbsolutePath();
        Files.createDirectories(dir);
        int feature = featureVersion(JvmProcess.jvm);
        boolean aot = feature >= 25;
        Path archive = dir.resolve(aot ? "app.aot" : "app-cds.jsa");
        Files.deleteIfExists(archive);
        JvmProcess recording = new JvmProcess("start-archive-recording", workDir).directory(dir)
                .option(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive)
                .option("-Dquarkus.profile=demo").option("-Dmahak.run-once=true")
                .option("-Dmahak.target.jdbc-url=jdbc:h2:mem:record")
                .option("-Dmahak.simulator.jdbc-url=jdbc:h2:mem:record-simulator;DB_CLOSE_DELAY=-1");
        recording.env.remove("MAHAK_ADMIN_ENABLED"); // the demo's admin API, as the image's recording runs it
        long t0 = System.nanoTime();
        recording.start();
        Integer exit = recording.awaitExit(Duration.ofMinutes(5));
        if (exit == null || exit != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("Recording the start archive failed (exit " + exit + "):\n" + recording.tail(20));
        }
        System.out.printf("start archive: %s recorded with JDK %d (%s) in %.1f s, %d MB (setup, not a figure)%n",
                aot ? "AOT cache" : "class-data archive", feature, JvmProcess.jvm, (System.nanoTime() - t0) / 1e9,
                Files.size(archive) >> 20);
        return aot ? List.of("-XX:AOTCache=" + archive) : List.of("-XX:SharedArchiveFile=" + archive);
    }

    /** The JDK's feature release (17, 21, 25…), from the java.specification.version it reports. */
    static int featureVersion(Path jvm) throws Exception {
        Process p = new ProcessBuilder(jvm.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException(jvm + " did not report its version:\n" + out);
        }
        return Integer.parseInt(m.group(1));
    }
}
