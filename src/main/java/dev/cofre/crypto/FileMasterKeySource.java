package dev.cofre.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key kept in {@code <data dir>/master.key}: exactly 32 raw bytes, readable by its owner only. Generated
 * with {@link SecureRandom} on first start, created with mode 0600 from the start (never chmod-ed afterwards, so it
 * is not readable by others for even a moment) and published atomically (a complete file or none).
 *
 * <p>Invariant: a key file that is unreadable, of the wrong size, or accessible to group/others refuses start-up
 * with a message naming the path; it is never silently replaced, since that would strand every sealed value.
 */
final class FileMasterKeySource implements MasterKeySource {

    static final String FILE_NAME = "master.key";
    private static final Logger log = LoggerFactory.getLogger(FileMasterKeySource.class);
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final SecureRandom random;

    FileMasterKeySource(Path dataDir) {
        this(dataDir, new SecureRandom());
    }

    FileMasterKeySource(Path dataDir, SecureRandom random) {
        this.file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        this.random = random;
    }

    Path file() {
        return file;
    }

    @Override
    public byte[] load() {
        // NOFOLLOW: a dangling link must fail as unreadable, not be "repaired" with a new key.
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return read();
        }
        generate();
        return read();
    }

    private byte[] read() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw unusable("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw unusable("is not a regular file");
        }
        if (posix()) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = Files.getPosixFilePermissions(file);
            } catch (IOException e) {
                throw unusable("cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new MasterKeyException("The master key file " + file + " is accessible to group or others (mode "
                        + PosixFilePermissions.toString(permissions) + "); Cofre refuses to use a key others may read.",
                        "Run 'chmod 600 " + file + "' (and check who could have copied it), then start again.");
            }
        }
        // Checked before reading so that a huge file is never pulled into memory.
        if (attributes.size() != KeyRing.KEY_BYTES) {
            throw unusable("is " + attributes.size() + " bytes; it must be exactly " + KeyRing.KEY_BYTES + " bytes");
        }
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (IOException e) {
            throw unusable("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (key.length != KeyRing.KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw unusable("is " + length + " bytes; it must be exactly " + KeyRing.KEY_BYTES + " bytes");
        }
        return key;
    }

    private void generate() {
        Path dir = file.getParent();
        Path temp = dir.resolve(FILE_NAME + "." + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
        byte[] key = new byte[KeyRing.KEY_BYTES];
        try {
            if (posix()) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
            random.nextBytes(key);
            // Created 0600 in one step (umask can only remove bits), then fsync-ed, then linked into place:
            // a link never replaces an existing file, so a concurrent first start cannot swap the key under us.
            FileAttribute<?>[] attributes = posix()
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                    : new FileAttribute<?>[0];
            try (SeekableByteChannel channel = Files.newByteChannel(temp,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.DSYNC),
                    attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(key);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            publish(temp);
            log.warn("Generated a new master key in {}. Back this file up: without it no sealed value in this vault "
                    + "can ever be opened.", file);
        } catch (FileAlreadyExistsException e) {
            // Another process won the race to create it; use theirs (read() checks it).
        } catch (IOException e) {
            throw new MasterKeyException("The master key file " + file + " could not be created ("
                    + e.getClass().getSimpleName() + ").",
                    "Make sure the data directory " + dir + " is writable by Cofre, or set COFRE_MASTER_KEY.");
        } finally {
            Arrays.fill(key, (byte) 0);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: the temp file is 0600, and a leftover one is never read as the key.
            }
        }
    }

    private void publish(Path temp) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // No hard links on this file system: a move without REPLACE_EXISTING still never overwrites a key.
            Files.move(temp, file);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private MasterKeyException unusable(String problem) {
        return new MasterKeyException("The master key file " + file + " " + problem + ".",
                "Restore the original " + FILE_NAME + " (32 bytes, mode 0600) from backup, or set COFRE_MASTER_KEY. "
                        + "Do not delete it to get a new one: data sealed under the old key would be lost.");
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public String toString() {
        return "FileMasterKeySource[" + file + "]";
    }
}
