package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compares the generator with Debian's {@code oathtool} on random seeds, algorithms, digits (6 to 8: oathtool
 * supports no others), periods and instants. All cases run in one shell process, and each oathtool call prints
 * {@value #WINDOW} + 1 consecutive codes ({@code -w}), to keep the test fast. A missing oathtool fails the test:
 * CI installs it.
 */
class OathtoolCrossCheckTests {

    private static final int CASES = 300;
    private static final int WINDOW = 4;
    private static final int[] PERIODS = {1, 30, 60, 90};
    private static final long[] TIMES = {0L, 59L, 1111111109L, 1234567890L, 1767225600L, 2000000000L, 20000000000L};

    @Test
    void codesAgreeWithOathtoolOnRandomSeeds() throws Exception {
        assertThat(new File("/usr/bin/oathtool").canExecute() || onPath("oathtool"))
                .as("oathtool must be installed (apt-get install oathtool)").isTrue();
        Random random = new Random(6238);
        List<Case> cases = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < CASES; i++) {
            byte[] seed = new byte[10 + random.nextInt(55)];
            random.nextBytes(seed);
            TotpAlgorithm algorithm = TotpAlgorithm.values()[random.nextInt(3)];
            int digits = 6 + random.nextInt(3);
            int period = random.nextInt(5) < 4 ? PERIODS[random.nextInt(PERIODS.length)] : 1 + random.nextInt(86_400);
            long time = random.nextBoolean() ? TIMES[random.nextInt(TIMES.length)]
                    : (random.nextLong() >>> 31); // up to 2^33 s, past 2038
            cases.add(new Case(seed, algorithm, digits, period, time));
            script.append("oathtool --totp=").append(algorithm.otpauthName().toLowerCase())
                    .append(" -b ").append(Base32.encode(seed))
                    .append(" --digits=").append(digits)
                    .append(" --time-step-size=").append(period).append('s')
                    .append(" -w ").append(WINDOW)
                    .append(" -N @").append(time)
                    .append(" || echo FAILED\n");
        }
        Process process = new ProcessBuilder("sh", "-c", script.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String[] lines = output.split("\n");
        assertThat(lines).as("oathtool output lines").hasSize(CASES * (WINDOW + 1));

        int line = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = cases.get(i);
            try (TotpGenerator generator = TotpGenerator.of(c.seed, c.algorithm, c.digits)) {
                long counter = TotpGenerator.counter(c.time, c.period);
                for (int w = 0; w <= WINDOW; w++, line++) {
                    String ours = TotpGenerator.format(generator.hotp(counter + w), c.digits);
                    if (!ours.equals(lines[line].strip())) {
                        fail("case %d (%s, %d digits, period %d, time %d, +%d): oathtool %s, ours %s",
                                i, c.algorithm, c.digits, c.period, c.time, w, lines[line], ours);
                    }
                }
            }
        }
    }

    private static boolean onPath(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + command).start();
        return p.waitFor() == 0;
    }

    private record Case(byte[] seed, TotpAlgorithm algorithm, int digits, int period, long time) {
    }
}
