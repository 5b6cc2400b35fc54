package dev.cofre.bench;

import java.util.concurrent.TimeUnit;

import org.jboss.aerogear.security.otp.Totp;
import org.jboss.aerogear.security.otp.api.Clock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * aerogear-otp-java supports only SHA-1 and takes the time from a {@link Clock}; a clock whose interval is set
 * before each call is the fastest way its API allows to get the code for a given time step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TotpSha1OnlyBenchmark {

    private static final class SteppedClock extends Clock {
        long interval;

        @Override
        public long getCurrentInterval() {
            return interval;
        }
    }

    private final SteppedClock clock = new SteppedClock();
    private Totp aerogear;
    private long counter = 1_700_000_000L / RfcVectors.PERIOD;

    @Setup
    public void setUp() {
        aerogear = new Totp(RfcVectors.base32(RfcVectors.seed("SHA1")), clock);
        for (int i = 0; i < RfcVectors.TIMES.length; i++) {
            clock.interval = RfcVectors.TIMES[i] / RfcVectors.PERIOD;
            RfcVectors.check("aerogear", "SHA1", i, Long.parseLong(aerogear.now()));
        }
    }

    @Benchmark
    public String aerogear() {
        clock.interval = counter + (counter++ & 1023);
        return aerogear.now();
    }
}
