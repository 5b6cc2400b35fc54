package dev.cofre.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Runs {@link IdleMemory} in a JVM of its own (started by {@link IdleMemoryTests} with the options under test)
 * after a burst of allocation has grown the heap, and prints the options and the committed heap before and after;
 * with {@code settle}, also after a second burst that follows the start's collection.
 */
public final class IdleMemoryProbe {

    static volatile Object sink;

    public static void main(String[] args) {
        boolean enabled = Boolean.parseBoolean(args[0]);
        IdleMemory idle = new IdleMemory(new RuntimeProperties(enabled, Duration.ofSeconds(90)),
                Duration.ofSeconds(5));
        burst();
        long before = committedHeap();
        idle.afterStart();
        long after = committedHeap();
        if (args.length > 1 && args[1].equals("settle")) {
            burst(); // work going on after the start's collection, with no word when it ends
            long beforeSettled = committedHeap();
            sleep(8_000); // the settle delay (5 s from the start's collection) and its collection
            System.out.println("committedBeforeSettled=" + beforeSettled);
            System.out.println("committedAfterSettled=" + committedHeap());
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String name : new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
            String value = name.startsWith("G1") && vm.getVMOption("UseG1GC").getValue().equals("false") ? "n/a"
                    : vm.getVMOption(name).getValue();
            System.out.println(name + "=" + value);
        }
        System.out.println("committedBefore=" + before);
        System.out.println("committedAfter=" + after);
    }

    /** ~1 GB of short-lived garbage with a moving 64 MB live window: the heap grows. */
    private static void burst() {
        byte[][] window = new byte[64][];
        for (int i = 0; i < 1024; i++) {
            window[i % window.length] = new byte[1 << 20];
            sink = window;
        }
        sink = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }
}
