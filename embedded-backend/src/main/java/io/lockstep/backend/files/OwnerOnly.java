package io.lockstep.backend.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read: the data folder, the database, generated tokens, and the check
 * that secret files handed to the service are not readable by others. On a file system without POSIX
 * permissions (Windows) the user's profile folder protects them, and these checks pass.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /** Creates {@code dir} and any missing parents; the folders it creates are {@code rwx------}. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.exists(parent)) {
            createDirectories(parent);
        }
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"));
            Files.createDirectory(absolute, mode);
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectory(absolute);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process made it first
        }
        return dir;
    }

    /** Makes an existing file {@code rw-------}. */
    public static void restrict(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the profile folder's ACL protects it
        }
    }

    /**
     * Refuses a secret file (tokens, a password) that group or others may read or write, naming the
     * {@code chmod} that fixes it.
     *
     * @param option the command-line option that named the file, for the message
     * @throws IllegalArgumentException when it is readable by others
     */
    public static void checkSecret(Path file, String option) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return;
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(mode);
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(option + " " + file + " may be read by others (mode "
                    + PosixFilePermissions.toString(mode) + "); run: chmod 600 " + file
                    + " (or start with --allow-shared-secret-files)");
        }
    }
}
