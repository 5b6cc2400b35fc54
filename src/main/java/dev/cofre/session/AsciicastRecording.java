package dev.cofre.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One session's recording in asciicast v2 (a JSON header line, then one {@code [time, code, data]} line per
 * event: "o" output, "i" input, "r" resize). Held in memory until the session ends, when the gateway seals it
 * with the barrier; it stops growing at {@code limit} bytes and is then marked truncated. Byte streams are
 * decoded as UTF-8 per stream, carrying a split multi-byte sequence over to the next chunk. Thread-safe.
 */
final class AsciicastRecording {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    private final long limit;
    private final long startNanos;
    private final byte[] pendingOutput = new byte[4];
    private int pendingOutputLength;
    private final byte[] pendingInput = new byte[4];
    private int pendingInputLength;
    private boolean truncated;
    private boolean finished;
    private long bytesOut;
    private long bytesIn;

    AsciicastRecording(long limit, int width, int height, long epochSeconds, String term, String title,
                       String command) {
        this.limit = limit;
        this.startNanos = System.nanoTime();
        StringBuilder h = new StringBuilder(200).append("{\"version\":2,\"width\":").append(width)
                .append(",\"height\":").append(height).append(",\"timestamp\":").append(epochSeconds);
        if (command != null) {
            h.append(",\"command\":").append(quote(command));
        }
        if (title != null) {
            h.append(",\"title\":").append(quote(title));
        }
        h.append(",\"env\":{\"TERM\":").append(quote(term == null ? "dumb" : term)).append("}}\n");
        append(h.toString());
    }

    synchronized void output(byte[] b, int off, int len) {
        bytesOut += len;
        String text = decode(b, off, len, true);
        if (!text.isEmpty()) {
            event("o", text);
        }
    }

    synchronized void input(byte[] b, int off, int len) {
        bytesIn += len;
        String text = decode(b, off, len, false);
        if (!text.isEmpty()) {
            event("i", text);
        }
    }

    /** Counts input without recording it (when {@code cofre.ssh.record-input} is off). */
    synchronized void countInput(int len) {
        bytesIn += len;
    }

    /** Counts output without recording it (binary data such as sftp). */
    synchronized void countOutput(long len) {
        bytesOut += len;
    }

    /** Counts input and output of a forwarded channel, whose data is never recorded. */
    synchronized void count(long out, long in) {
        bytesOut += out;
        bytesIn += in;
    }

    synchronized void resize(int columns, int lines) {
        event("r", columns + "x" + lines);
    }

    /** A line of Cofre's own (e.g. why the session ended), shown as output in the player. */
    synchronized void note(String text) {
        event("o", text);
    }

    synchronized long bytesOut() {
        return bytesOut;
    }

    synchronized long bytesIn() {
        return bytesIn;
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** The complete recording; the recording accepts no more events afterwards. Wipe the array when done. */
    synchronized byte[] finish() {
        if (!finished) {
            if (pendingOutputLength > 0) {
                event("o", new String(pendingOutput, 0, pendingOutputLength, StandardCharsets.UTF_8));
            }
            finished = true;
        }
        byte[] bytes = out.toByteArray();
        Arrays.fill(pendingInput, (byte) 0);
        out.reset();
        return bytes;
    }

    private void event(String code, String data) {
        if (finished || truncated) {
            return;
        }
        double t = (System.nanoTime() - startNanos) / 1e9;
        append("[" + String.format(Locale.ROOT, "%.6f", t) + ",\"" + code + "\"," + quote(data) + "]\n");
    }

    private void append(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (out.size() + (long) bytes.length > limit) {
            truncated = true;
            return;
        }
        out.writeBytes(bytes);
    }

    private String decode(byte[] b, int off, int len, boolean output) {
        byte[] pending = output ? pendingOutput : pendingInput;
        int pendingLength = output ? pendingOutputLength : pendingInputLength;
        byte[] all = new byte[pendingLength + len];
        System.arraycopy(pending, 0, all, 0, pendingLength);
        System.arraycopy(b, off, all, pendingLength, len);
        int complete = completeLength(all);
        int carry = all.length - complete;
        System.arraycopy(all, complete, pending, 0, carry);
        if (output) {
            pendingOutputLength = carry;
        } else {
            pendingInputLength = carry;
        }
        String text = new String(all, 0, complete, StandardCharsets.UTF_8);
        if (!output) {
            Arrays.fill(all, (byte) 0);
        }
        return text;
    }

    /** The length up to the start of a trailing, incomplete UTF-8 sequence (at most 3 bytes are held back). */
    static int completeLength(byte[] b) {
        for (int back = 1; back <= 3 && back <= b.length; back++) {
            int v = b[b.length - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue;
            }
            int needed = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
            return needed > back ? b.length - back : b.length;
        }
        return b.length;
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
