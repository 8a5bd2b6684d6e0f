package org.registro.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written beside their destination as {@code name.part} and moved into place only when complete, so that
 * a failed or cancelled write never leaves a half file under the name the user chose.
 */
public final class PartFiles {

    private PartFiles() {
    }

    /** {@code out}'s part file, its folder created. */
    public static Path partOf(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", out.toString(), e.getMessage());
        }
        return parent.resolve(out.getFileName() + ".part");
    }

    /** Puts a finished part file in place (atomically where the file system can). */
    public static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", to.toString(), e.getMessage());
        }
    }

    /** Deletes a file if it is there; a left-over part file is harmless and overwritten next time. */
    public static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
