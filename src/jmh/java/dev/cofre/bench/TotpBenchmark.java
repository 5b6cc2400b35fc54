package dev.cofre.bench;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.HOTPGenerator;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import com.warrenstrange.googleauth.HmacHashFunction;

import dev.cofre.crypto.Secret;
import dev.cofre.totp.TotpAlgorithm;
import dev.cofre.totp.TotpGenerator;
import dev.cofre.totp.TotpSettings;
import dev.cofre.totp.TotpTokens;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;

/**
 * One TOTP code (6 digits, 30 s) per operation, by Cofre's engine, by each comparison library used the fastest
 * way its public API allows (generator and key objects built once), and by the floor: one bare
 * {@code Mac.doFinal} of the 8-byte counter on an initialized, reused HMAC. Every engine first reproduces the
 * RFC 6238 vectors in {@link #setUp()}, which throws on a mismatch, so the race is between correct engines.
 * Each operation takes the next of 1024 distinct time steps, the same sequence for every engine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TotpBenchmark {

    private static final int STEPS = 1024;
    private static final long START = 1_700_000_000L;

    @Param({"SHA1", "SHA512"})
    public String algorithm;

    private final long[] epochSeconds = new long[STEPS];
    private final long[] counters = new long[STEPS];
    private final long[] epochMillis = new long[STEPS];
    private final Instant[] instants = new Instant[STEPS];
    private final byte[][] counterBytes = new byte[STEPS][];
    private int next;

    private TotpGenerator cofre;
    private Secret seed;
    private TotpSettings settings;
    private Mac floor;
    private TimeBasedOneTimePasswordGenerator javaOtp;
    private Key javaOtpKey;
    private DefaultCodeGenerator samstevens;
    private String base32;
    private HOTPGenerator otpJava;
    private GoogleAuthenticator googleauth;

    @Setup
    public void setUp() throws GeneralSecurityException, Exception {
        byte[] key = RfcVectors.seed(algorithm);
        TotpAlgorithm alg = TotpAlgorithm.valueOf(algorithm);
        base32 = RfcVectors.base32(key);
        settings = TotpSettings.of(alg, RfcVectors.DIGITS, RfcVectors.PERIOD);
        seed = Secret.copyOf(key);
        cofre = TotpGenerator.of(key, alg, RfcVectors.DIGITS);
        floor = Mac.getInstance(alg.jcaName());
        floor.init(new SecretKeySpec(key, alg.jcaName()));
        javaOtp = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(RfcVectors.PERIOD), RfcVectors.DIGITS,
                alg.jcaName());
        javaOtpKey = new SecretKeySpec(key, alg.jcaName());
        samstevens = new DefaultCodeGenerator(HashingAlgorithm.valueOf(algorithm), RfcVectors.DIGITS);
        otpJava = new HOTPGenerator.Builder(base32.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .withPasswordLength(RfcVectors.DIGITS).withAlgorithm(HMACAlgorithm.valueOf(algorithm)).build();
        googleauth = new GoogleAuthenticator(new GoogleAuthenticatorConfig.GoogleAuthenticatorConfigBuilder()
                .setCodeDigits(RfcVectors.DIGITS).setTimeStepSizeInMillis(RfcVectors.PERIOD * 1000L)
                .setHmacHashFunction(HmacHashFunction.valueOf("Hmac" + algorithm)).build());

        for (int i = 0; i < RfcVectors.TIMES.length; i++) {
            long t = RfcVectors.TIMES[i];
            long c = t / RfcVectors.PERIOD;
            RfcVectors.check("cofre.at", algorithm, i, cofre.at(t, RfcVectors.PERIOD));
            RfcVectors.check("cofre.hotp", algorithm, i, cofre.hotp(c));
            RfcVectors.check("cofre.code", algorithm, i, Long.parseLong(TotpGenerator.code(seed, settings, t)));
            RfcVectors.check("cofre.tokens", algorithm, i, Long.parseLong(
                    TotpTokens.at(seed, settings, Instant.ofEpochSecond(t), 0).code()));
            RfcVectors.check("java-otp", algorithm, i, javaOtp.generateOneTimePassword(javaOtpKey,
                    Instant.ofEpochSecond(t)));
            RfcVectors.check("samstevens", algorithm, i, Long.parseLong(samstevens.generate(base32, c)));
            RfcVectors.check("otp-java", algorithm, i, Long.parseLong(otpJava.generate(c)));
            RfcVectors.check("googleauth", algorithm, i, googleauth.getTotpPassword(base32, t * 1000L));
            byte[] mac = floor.doFinal(counterBytes(c));
            RfcVectors.check("Mac", algorithm, i, truncate(mac));
        }
        for (int i = 0; i < STEPS; i++) {
            epochSeconds[i] = START + (long) i * RfcVectors.PERIOD;
            counters[i] = epochSeconds[i] / RfcVectors.PERIOD;
            epochMillis[i] = epochSeconds[i] * 1000L;
            instants[i] = Instant.ofEpochSecond(epochSeconds[i]);
            counterBytes[i] = counterBytes(counters[i]);
        }
    }

    private int step() {
        int i = next;
        next = (i + 1) & (STEPS - 1);
        return i;
    }

    /** Cofre, generator reused per key: the HOTP value for a counter (what the SSH gateway and tokens use). */
    @Benchmark
    public int cofreHotp() {
        return cofre.hotp(counters[step()]);
    }

    /** Cofre, generator reused per key: the TOTP value at a time. */
    @Benchmark
    public int cofreAt() {
        return cofre.at(epochSeconds[step()], RfcVectors.PERIOD);
    }

    /** Cofre, generator reused, plus the zero-padded text (one String per code, as the libraries return). */
    @Benchmark
    public String cofreAtText() {
        return TotpGenerator.format(cofre.at(epochSeconds[step()], RfcVectors.PERIOD), RfcVectors.DIGITS);
    }

    /** Cofre's per-call convenience: builds a generator (pads) for every code. */
    @Benchmark
    public String cofrePerCall() {
        return TotpGenerator.code(seed, settings, epochSeconds[step()]);
    }

    /** What the REST endpoint computes per request after the barrier: TotpTokens.at (code, validity, no next). */
    @Benchmark
    public Object cofreTokens() {
        return TotpTokens.at(seed, settings, instants[step()], 0);
    }

    /** The floor: one bare Mac.doFinal over the 8 counter bytes, Mac initialized once and reused. */
    @Benchmark
    public byte[] hmacFloor() {
        return floor.doFinal(counterBytes[step()]);
    }

    @Benchmark
    public int javaOtp() throws GeneralSecurityException {
        return javaOtp.generateOneTimePassword(javaOtpKey, instants[step()]);
    }

    @Benchmark
    public String samstevens() throws Exception {
        return samstevens.generate(base32, counters[step()]);
    }

    @Benchmark
    public String otpJava() {
        return otpJava.generate(counters[step()]);
    }

    @Benchmark
    public int googleauth() {
        return googleauth.getTotpPassword(base32, epochMillis[step()]);
    }

    static byte[] counterBytes(long c) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) c;
            c >>>= 8;
        }
        return b;
    }

    static int truncate(byte[] mac) {
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = (mac[offset] & 0x7f) << 24 | (mac[offset + 1] & 0xff) << 16 | (mac[offset + 2] & 0xff) << 8
                | (mac[offset + 3] & 0xff);
        return binary % 1_000_000;
    }
}
