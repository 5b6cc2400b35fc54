package dev.cofre.config;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Gives the heap that start-up grew into back to the operating system, and keeps giving back what a burst of load
 * grew it into once the server idles again.
 *
 * <p>A JVM started without heap options on a large machine sizes its heap for that machine (a quarter of RAM as
 * the limit, a 64th as the start) and keeps what it has committed: ~400 MB resident for a vault whose live data
 * after start-up is ~35 MB (measured, docs/BENCHMARKS.md). A vault idles most of the time, so when start-up is
 * over this sets G1's <em>manageable</em> options, the ones HotSpot lets a running program change, and asks for
 * one collection (and one more {@link #SETTLE} later if the heap was used again meanwhile, as work the start set
 * going in the background finishes: H2's store maintenance, the credential search index's first build):
 * <ul>
 * <li>{@code MaxHeapFreeRatio} 70 → {@value #MAX_FREE_RATIO} (and {@code MinHeapFreeRatio} 40 →
 * {@value #MIN_FREE_RATIO}): G1 shrinks the heap at a full collection and at the end of a concurrent cycle
 * until at most that share of it is free;</li>
 * <li>{@code G1PeriodicGCInterval} 0 → {@code cofre.runtime.idle-collection-interval}: when no collection has
 * run for that long, G1 starts a concurrent cycle, which is what returns memory after load has gone.</li>
 * </ul>
 * Only options still at their JVM default are changed: anything given on the command line or in
 * {@code JAVA_TOOL_OPTIONS} wins, and with another collector (or {@code cofre.runtime.return-idle-memory=false})
 * nothing is touched.
 */
@Component
class IdleMemory {

    static final int MAX_FREE_RATIO = 30;
    static final int MIN_FREE_RATIO = 10;
    private static final Logger log = LoggerFactory.getLogger(IdleMemory.class);

    /** After the start's collection: if the heap was used again by then, one more collection. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    private final RuntimeProperties settings;
    private final Duration settle;

    @Autowired
    IdleMemory(RuntimeProperties settings) {
        this(settings, SETTLE);
    }

    IdleMemory(RuntimeProperties settings, Duration settle) {
        this.settings = settings;
        this.settle = settle;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        if (!settings.returnIdleMemory() || !usesG1()) {
            return;
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm != null) {
            tune(vm);
        }
        // The explicit collection: start-up garbage out, heap shrunk to the new ratio, pages returned.
        System.gc();
        // Work the start set going may still be running (H2's store maintenance right after it opened the file
        // grew the heap by ~300 MB again, measured): once it has settled, collect again if collections ran.
        long collections = collections();
        CompletableFuture.runAsync(() -> {
            if (collections() > collections) {
                System.gc();
            }
        }, CompletableFuture.delayedExecutor(settle.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(n -> n > 0).sum();
    }

    private void tune(HotSpotDiagnosticMXBean vm) {
        List<String> changed = new ArrayList<>();
        // Min before Max: HotSpot refuses a Max below the current Min.
        if (isDefault(vm, "MinHeapFreeRatio") && isDefault(vm, "MaxHeapFreeRatio")) {
            set(vm, "MinHeapFreeRatio", MIN_FREE_RATIO, changed);
            set(vm, "MaxHeapFreeRatio", MAX_FREE_RATIO, changed);
        }
        if (isDefault(vm, "G1PeriodicGCInterval") && !settings.idleCollectionInterval().isZero()) {
            set(vm, "G1PeriodicGCInterval", settings.idleCollectionInterval().toMillis(), changed);
        }
        if (!changed.isEmpty()) {
            log.info("Idle memory is returned to the OS: {} (JVM options given explicitly are left alone)",
                    String.join(", ", changed));
        }
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String name) {
        try {
            VMOption option = vm.getVMOption(name);
            return option.getOrigin() == VMOption.Origin.DEFAULT || option.getOrigin() == VMOption.Origin.ERGONOMIC;
        } catch (IllegalArgumentException noSuchOption) {
            return false;
        }
    }

    private static void set(HotSpotDiagnosticMXBean vm, String name, long value, List<String> changed) {
        try {
            vm.setVMOption(name, Long.toString(value));
            changed.add(name + "=" + value);
        } catch (RuntimeException refused) {
            // Not manageable on this JVM, or a constraint: keep the JVM's own choice.
            log.debug("JVM option {} left unchanged: {}", name, refused.getMessage());
        }
    }

    private static boolean usesG1() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .anyMatch(n -> n.startsWith("G1 "));
    }
}
