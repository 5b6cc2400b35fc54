package dev.cofre.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code oathtool}, the independent TOTP oracle. Fails (never skips) when it is missing. */
public final class Oathtool {

    private Oathtool() {
    }

    public static String totp(String base32, String algorithm, int digits, int period, long epochSecond) {
        String mode = switch (algorithm) {
            case "SHA1" -> "--totp";
            case "SHA256" -> "--totp=sha256";
            case "SHA512" -> "--totp=sha512";
            default -> throw new IllegalArgumentException(algorithm);
        };
        return run(List.of("oathtool", mode, "-b", "--digits=" + digits, "--time-step-size=" + period + "s",
                "-N", "@" + epochSecond, base32));
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("oathtool timed out");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("oathtool failed with exit " + p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("oathtool is not installed (apt-get install -y oathtool)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
