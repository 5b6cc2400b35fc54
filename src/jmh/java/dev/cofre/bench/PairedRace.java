package dev.cofre.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;


/**
 * A noise-resistant companion to {@link TotpBenchmark} for a shared machine: the engines take turns in short
 * slices (default 20 ms each, round-robin, many rounds, one thread), so every round measures all of them under
 * nearly the same background load, and the ratio Cofre/engine is taken per round; the median and the
 * interquartile range of those ratios are reported beside the median absolute throughput. JMH stays the
 * reference for absolute figures and allocation; this answers "how many times faster" when JMH's sequential runs
 * see the load change between benchmarks.
 *
 * <pre>java -cp target/benchmarks.jar dev.cofre.bench.PairedRace [SHA1|SHA512] [rounds] [sliceMillis]</pre>
 */
public final class PairedRace {

    private static volatile int sink;

    private PairedRace() {
    }

    public static void main(String[] args) throws Exception {
        String algorithm = args.length > 0 ? args[0] : "SHA1";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        long sliceNanos = (args.length > 2 ? Long.parseLong(args[2]) : 20) * 1_000_000L;
        TotpBenchmark b = new TotpBenchmark();
        b.algorithm = algorithm;
        b.setUp(); // checks every engine against the RFC 6238 vectors
        List<String> names = new ArrayList<>(List.of("cofreAt", "cofreHotp", "hmacFloor", "javaOtp", "googleauth",
                "otpJava", "samstevens"));
        List<Runnable> engines = List.of(
                () -> sink ^= b.cofreAt(),
                () -> sink ^= b.cofreHotp(),
                () -> sink ^= b.hmacFloor()[0],
                () -> { try { sink ^= b.javaOtp(); } catch (Exception e) { throw new IllegalStateException(e); } },
                () -> sink ^= b.googleauth(),
                () -> sink ^= b.otpJava().charAt(0),
                () -> { try { sink ^= b.samstevens().charAt(0); } catch (Exception e) {
                    throw new IllegalStateException(e); } });
        double[][] rate = new double[engines.size()][rounds];
        for (int warm = 0; warm < 20; warm++) { // JIT warm-up: 20 rounds discarded
            for (Runnable r : engines) {
                slice(r, sliceNanos);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int e = 0; e < engines.size(); e++) {
                // Rotate the start so no engine always runs right after the same neighbour.
                int k = (e + round) % engines.size();
                rate[k][round] = slice(engines.get(k), sliceNanos);
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d rounds x %d ms per engine, 1 thread%n", algorithm, rounds,
                sliceNanos / 1_000_000);
        System.out.printf(Locale.ROOT, "%-11s %12s %22s %22s%n", "engine", "median ops/us",
                "cofreAt/engine median", "[p25, p75]");
        for (int e = 0; e < engines.size(); e++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rate[0][r] / rate[e][r];
            }
            System.out.printf(Locale.ROOT, "%-11s %12.3f %22.2f %15.2f, %.2f%n", names.get(e),
                    median(rate[e].clone()), median(ratios.clone()), pct(ratios, 25), pct(ratios, 75));
        }
    }

    private static double slice(Runnable r, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        long ops = 0;
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                r.run();
            }
            ops += 64;
            now = System.nanoTime();
        } while (now < end);
        return ops / ((now - start) / 1000.0);
    }

    private static double median(double[] v) {
        return pct(v, 50);
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.round(p / 100.0 * (s.length - 1)))];
    }

}
