package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMasterKeySourceTests {

    @TempDir
    Path tmp;

    @Test
    void firstStartGeneratesAThirtyTwoByteKeyReadableByItsOwnerOnly() throws IOException {
        Path dataDir = tmp.resolve("nested/data");

        byte[] key = new FileMasterKeySource(dataDir).load();

        Path file = dataDir.resolve("master.key");
        assertThat(key).hasSize(32);
        assertThat(Files.readAllBytes(file)).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void nextStartReusesTheSameKey() {
        byte[] first = new FileMasterKeySource(tmp).load();
        byte[] second = new FileMasterKeySource(tmp).load();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void twoVaultsGetDifferentKeys() {
        assertThat(new FileMasterKeySource(tmp.resolve("a")).load())
                .isNotEqualTo(new FileMasterKeySource(tmp.resolve("b")).load());
    }

    @Test
    void existingDataDirectoryKeepsItsPermissions() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

        new FileMasterKeySource(tmp).load();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void worldReadableKeyFileRefusesStartNamingThePath() throws IOException {
        Path file = writeKey(new byte[32], "rw-r--r--");

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("group or others");
    }

    @Test
    void groupReadableKeyFileRefusesStart() throws IOException {
        Path file = writeKey(new byte[32], "rw-r-----");

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.action()).contains("chmod 600 " + file));
    }

    @Test
    void shortKeyFileRefusesStartNamingThePath() throws IOException {
        Path file = writeKey(new byte[31], "rw-------");

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("31 bytes");
    }

    @Test
    void emptyKeyFileRefusesStartAndIsNotReplaced() throws IOException {
        Path file = writeKey(new byte[0], "rw-------");

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void longKeyFileRefusesStart() throws IOException {
        writeKey(new byte[33], "rw-------");

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load()).isInstanceOf(MasterKeyException.class);
    }

    @Test
    void directoryInPlaceOfTheKeyFileRefusesStartNamingThePath() throws IOException {
        Path file = Files.createDirectory(tmp.resolve("master.key"));

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a regular file");
    }

    @Test
    void danglingLinkInPlaceOfTheKeyFileRefusesStartInsteadOfMakingANewKey() throws IOException {
        Path file = Files.createSymbolicLink(tmp.resolve("master.key"), tmp.resolve("gone"));

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString());
        assertThat(tmp.resolve("gone")).doesNotExist();
    }

    @Test
    void unwritableDataDirectoryRefusesStartNamingThePath() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");

        assertThatThrownBy(() -> new FileMasterKeySource(notADirectory.resolve("data")).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(notADirectory.resolve("data").resolve("master.key").toString());
    }

    @Test
    void messagesNeverContainTheKeyBytes() throws IOException {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 'K');
        writeKey(key, "rw-rw-rw-");

        assertThatThrownBy(() -> new FileMasterKeySource(tmp).load())
                .hasMessageNotContaining("KKKK")
                .hasMessageNotContaining(java.util.Base64.getEncoder().encodeToString(key));
    }

    private Path writeKey(byte[] content, String permissions) throws IOException {
        Path file = tmp.resolve("master.key");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
