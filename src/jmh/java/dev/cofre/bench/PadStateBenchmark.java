package dev.cofre.bench;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.cofre.totp.TotpAlgorithm;
import dev.cofre.totp.TotpGenerator;

/**
 * The engine design question of issue 5: precompute the HMAC inner/outer pad states once per key and
 * {@code MessageDigest.clone()} them per code (2 compression calls instead of 4, but a clone per pass), against
 * the shipped engine (pads re-hashed per code, no allocation). Same codes, checked on the RFC 6238 vectors.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PadStateBenchmark {

    @Param({"SHA1", "SHA512"})
    public String algorithm;

    private TotpGenerator shipped;
    private ClonedPads cloned;
    private long counter = 1_700_000_000L / RfcVectors.PERIOD;

    /** HMAC from pad states hashed once; each code clones them. */
    static final class ClonedPads {
        private final MessageDigest inner;
        private final MessageDigest outer;
        private final byte[] counterBytes = new byte[8];
        private final byte[] innerHash;
        private final byte[] mac;

        ClonedPads(byte[] key, TotpAlgorithm algorithm) throws Exception {
            inner = MessageDigest.getInstance(algorithm.digestName());
            outer = MessageDigest.getInstance(algorithm.digestName());
            int block = algorithm.blockLength();
            byte[] k = key.length > block ? inner.digest(key) : key;
            byte[] ipad = new byte[block];
            byte[] opad = new byte[block];
            for (int i = 0; i < block; i++) {
                byte b = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (b ^ 0x36);
                opad[i] = (byte) (b ^ 0x5c);
            }
            inner.update(ipad);
            outer.update(opad);
            innerHash = new byte[algorithm.macLength()];
            mac = new byte[algorithm.macLength()];
        }

        int hotp(long counter) throws CloneNotSupportedException, DigestException {
            for (int i = 7; i >= 0; i--) {
                counterBytes[i] = (byte) counter;
                counter >>>= 8;
            }
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(counterBytes);
            in.digest(innerHash, 0, innerHash.length);
            MessageDigest out = (MessageDigest) outer.clone();
            out.update(innerHash);
            out.digest(mac, 0, mac.length);
            int offset = mac[mac.length - 1] & 0x0f;
            int binary = (mac[offset] & 0x7f) << 24 | (mac[offset + 1] & 0xff) << 16
                    | (mac[offset + 2] & 0xff) << 8 | (mac[offset + 3] & 0xff);
            return binary % 1_000_000;
        }
    }

    @Setup
    public void setUp() throws Exception {
        byte[] key = RfcVectors.seed(algorithm);
        TotpAlgorithm alg = TotpAlgorithm.valueOf(algorithm);
        shipped = TotpGenerator.of(key, alg, RfcVectors.DIGITS);
        cloned = new ClonedPads(key, alg);
        for (int i = 0; i < RfcVectors.TIMES.length; i++) {
            long c = RfcVectors.TIMES[i] / RfcVectors.PERIOD;
            RfcVectors.check("shipped", algorithm, i, shipped.hotp(c));
            RfcVectors.check("clonedPads", algorithm, i, cloned.hotp(c));
        }
    }

    @Benchmark
    public int shipped() {
        return shipped.hotp(counter++);
    }

    @Benchmark
    public int clonedPads() throws Exception {
        return cloned.hotp(counter++);
    }
}
