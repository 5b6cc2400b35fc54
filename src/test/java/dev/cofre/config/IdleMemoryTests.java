package dev.cofre.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Each case runs {@link IdleMemoryProbe} in a fresh JVM, so the options under test are that JVM's own. */
class IdleMemoryTests {

    private static final long MB = 1024 * 1024;

    @Test
    void withDefaultJvmOptionsTheHeapGrownByABurstIsGivenBackAndIdleCollectionIsTurnedOn() throws Exception {
        Map<String, String> out = probe(true, "-Xmx1g");

        assertThat(out).containsEntry("MinHeapFreeRatio", "10").containsEntry("MaxHeapFreeRatio", "30")
                .containsEntry("G1PeriodicGCInterval", "90000");
        long before = Long.parseLong(out.get("committedBefore"));
        long after = Long.parseLong(out.get("committedAfter"));
        assertThat(before).as("the burst grew the heap").isGreaterThan(100 * MB);
        assertThat(after).as("committed heap after the collection").isLessThan(before / 2).isLessThan(64 * MB);
    }

    @Test
    void heapUsedAgainAfterTheStartsCollectionIsGivenBackOnceItSettles() throws Exception {
        Map<String, String> out = probe(true, List.of("settle"), "-Xmx1g");

        long before = Long.parseLong(out.get("committedBeforeSettled"));
        assertThat(before).as("the second burst grew the heap").isGreaterThan(100 * MB);
        assertThat(Long.parseLong(out.get("committedAfterSettled"))).as("given back after the settle delay")
                .isLessThan(before / 2).isLessThan(64 * MB);
    }

    @Test
    void heapRatiosGivenOnTheCommandLineAreLeftAlone() throws Exception {
        Map<String, String> out = probe(true, "-Xmx1g", "-XX:MaxHeapFreeRatio=60");

        assertThat(out).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "60")
                .containsEntry("G1PeriodicGCInterval", "90000");
    }

    @Test
    void anExplicitPeriodicCollectionIntervalIsLeftAlone() throws Exception {
        Map<String, String> out = probe(true, "-Xmx1g", "-XX:G1PeriodicGCInterval=5000");

        assertThat(out).containsEntry("G1PeriodicGCInterval", "5000").containsEntry("MaxHeapFreeRatio", "30");
    }

    @Test
    void anotherCollectorIsNotTouched() throws Exception {
        Map<String, String> out = probe(true, "-Xmx1g", "-XX:+UseSerialGC");

        assertThat(out).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70");
    }

    @Test
    void turnedOffItChangesNothing() throws Exception {
        Map<String, String> out = probe(false, "-Xmx1g");

        assertThat(out).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70")
                .containsEntry("G1PeriodicGCInterval", "0");
    }

    @Test
    void aNegativeIntervalIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> new RuntimeProperties(true, Duration.ofSeconds(-1)))
                .hasMessageContaining("cofre.runtime.idle-collection-interval");
    }

    private static Map<String, String> probe(boolean enabled, String... jvmOptions)
            throws IOException, InterruptedException {
        return probe(enabled, List.of(), jvmOptions);
    }

    private static Map<String, String> probe(boolean enabled, List<String> probeArgs, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleMemoryProbe.class.getName(),
                Boolean.toString(enabled)));
        command.addAll(probeArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, String> values = new HashMap<>();
        output.lines().filter(l -> l.matches("\\w+=\\S+")).forEach(l -> {
            String[] kv = l.split("=", 2);
            values.put(kv[0], kv[1]);
        });
        return values;
    }
}
