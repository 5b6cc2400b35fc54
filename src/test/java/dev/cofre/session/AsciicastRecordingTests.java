package dev.cofre.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AsciicastRecordingTests {

    private static AsciicastRecording recording(long limit) {
        return new AsciicastRecording(limit, 120, 40, 1_767_225_600L, "xterm", "alice as root@web01:22", "uptime");
    }

    private static String text(AsciicastRecording r) {
        return new String(r.finish(), StandardCharsets.UTF_8);
    }

    @Test
    void headerIsAsciicastVersion2() {
        String cast = text(recording(10_000));

        assertThat(cast).startsWith("{\"version\":2,\"width\":120,\"height\":40,\"timestamp\":1767225600,"
                + "\"command\":\"uptime\",\"title\":\"alice as root@web01:22\",\"env\":{\"TERM\":\"xterm\"}}\n");
    }

    @Test
    void aMultiByteCharacterSplitAcrossChunksIsKeptWhole() {
        AsciicastRecording r = recording(10_000);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        r.output(euro, 0, 1);
        r.output(euro, 1, 2);

        assertThat(text(r)).contains(",\"o\",\"€\"]").doesNotContain("\uFFFD");
    }

    @Test
    void controlCharactersAndQuotesAreEscaped() {
        AsciicastRecording r = recording(10_000);
        byte[] data = "\u001b[1m\"x\"\\\r\n".getBytes(StandardCharsets.UTF_8);
        r.output(data, 0, data.length);

        assertThat(text(r)).contains("\"\\u001b[1m\\\"x\\\"\\\\\\r\\n\"");
    }

    @Test
    void inputIsOnlyCountedUnlessRecorded() {
        AsciicastRecording r = recording(10_000);
        r.countInput(5);
        byte[] typed = "ls\r".getBytes(StandardCharsets.UTF_8);
        r.input(typed, 0, typed.length);

        assertThat(r.bytesIn()).isEqualTo(8);
        assertThat(text(r)).contains(",\"i\",\"ls\\r\"]");
    }

    @Test
    void resizesAreRecorded() {
        AsciicastRecording r = recording(10_000);
        r.resize(100, 30);

        assertThat(text(r)).contains(",\"r\",\"100x30\"]");
    }

    @Test
    void aRecordingStopsAtItsLimitAndIsMarkedTruncated() {
        AsciicastRecording r = recording(1024);
        byte[] chunk = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            r.output(chunk, 0, chunk.length);
        }

        assertThat(r.truncated()).isTrue();
        assertThat(r.bytesOut()).isEqualTo(5000);
        assertThat(r.finish().length).isLessThanOrEqualTo(1024);
    }
}
