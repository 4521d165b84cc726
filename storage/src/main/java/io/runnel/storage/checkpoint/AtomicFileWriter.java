package io.runnel.storage.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file's content atomically: writes {@code <name>.tmp} beside it, forces it to disk, renames it over the
 * target and forces the parent directory, so that after a crash the target holds either its old or its new content.
 * The temp file is removed when writing fails; a stale one left by a crash is simply overwritten by the next write.
 */
public final class AtomicFileWriter {

    /** Writes the new content of a file; may throw, in which case the target is left untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWriter() {}

    /** The temp file a write of {@code target} goes through. */
    public static Path tempFileFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @throws IOException when the file cannot be written, synced or renamed; the target is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path temp = tempFileFor(target);
        boolean renamed = false;
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                // Not closed separately: closing the stream would close the channel before force().
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
            syncDirectory(target.toAbsolutePath().getParent());
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes a rename in {@code dir} durable; without it a crash can lose the new directory entry. */
    public static void syncDirectory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open directories; the rename itself has already succeeded there.
            if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }
}
