package dev.cofre.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Runs {@link IdleMemory} in a JVM of its own (started by {@link IdleMemoryTests} with the options under test)
 * after a burst of allocation has grown the heap, and prints the options and the committed heap before and after.
 */
public final class IdleMemoryProbe {

    static volatile Object sink;

    public static void main(String[] args) {
        boolean enabled = Boolean.parseBoolean(args[0]);
        // A burst: ~1 GB of short-lived garbage with a moving 64 MB live window makes the heap grow.
        byte[][] window = new byte[64][];
        for (int i = 0; i < 1024; i++) {
            window[i % window.length] = new byte[1 << 20];
            sink = window;
        }
        window = null;
        sink = null;
        long before = committedHeap();
        new IdleMemory(new RuntimeProperties(enabled, Duration.ofSeconds(90))).afterStart();
        long after = committedHeap();
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String name : new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
            String value = name.startsWith("G1") && vm.getVMOption("UseG1GC").getValue().equals("false") ? "n/a"
                    : vm.getVMOption(name).getValue();
            System.out.println(name + "=" + value);
        }
        System.out.println("committedBefore=" + before);
        System.out.println("committedAfter=" + after);
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
}
