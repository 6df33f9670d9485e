package io.lockstep.backend.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of simulated shares and copies. A share's content is a seeded pattern, generated on
 * demand from its id and size ({@code bytesPerGib} per GiB), so it costs no memory; copies (a
 * migration's destination, a backup) are real byte arrays filled chunk by chunk, so a test can prove
 * by checksum that a copy resumed after a hand-off lost and duplicated nothing. Copies live in memory,
 * or in files of a folder ({@link #storeIn}) that several node processes share as they would share a
 * storage backend, so a copy one process started another can finish. Thread-safe.
 */
public final class SimulatedContent {

    /** Generation works in blocks, so any range can be produced without the bytes before it. */
    private static final int BLOCK = 4096;

    private volatile long bytesPerGib;
    private volatile long rateBytesPerSecond;
    private final Map<String, byte[]> copies = new ConcurrentHashMap<>();
    private volatile Path folder;
    private volatile boolean failing;

    public SimulatedContent(long bytesPerGib, long rateBytesPerSecond) {
        this.bytesPerGib = bytesPerGib;
        this.rateBytesPerSecond = rateBytesPerSecond;
    }

    /** How many bytes stand for one GiB, and how fast a copy moves (bytes per second). */
    public void configure(long bytesPerGib, long rateBytesPerSecond) {
        this.bytesPerGib = bytesPerGib;
        this.rateBytesPerSecond = rateBytesPerSecond;
    }

    /** Keeps copies as files in {@code dir} (shared storage for node processes), not in memory. */
    public void storeIn(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " as simulated storage", e);
        }
        this.folder = dir;
    }

    private Path file(String copy) {
        return folder.resolve(copy.replaceAll("[^\\w.-]", "_"));
    }

    public long bytesPerGib() {
        return bytesPerGib;
    }

    public long rateBytesPerSecond() {
        return rateBytesPerSecond;
    }

    public long sizeOf(int sizeGb) {
        return sizeGb * bytesPerGib;
    }

    /** Fills {@code out} with the share's bytes from {@code offset}. */
    public static void read(String shareId, long offset, byte[] out, int length) {
        long seed = shareId.hashCode() * 0x9E3779B97F4A7C15L;
        int written = 0;
        while (written < length) {
            long pos = offset + written;
            long block = pos / BLOCK;
            int inBlock = (int) (pos % BLOCK);
            byte[] b = new byte[BLOCK];
            new SplittableRandom(seed ^ (block * 0xBF58476D1CE4E5B9L)).nextBytes(b);
            int n = Math.min(BLOCK - inBlock, length - written);
            System.arraycopy(b, inBlock, out, written, n);
            written += n;
        }
    }

    /** Makes (or keeps) a copy of {@code size} bytes named {@code copy}; an existing one is kept as is. */
    public void prepare(String copy, long size) {
        if (folder == null) {
            copies.computeIfAbsent(copy, k -> new byte[Math.toIntExact(size)]);
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file(copy).toFile(), "rw")) {
            if (f.length() != size) {
                f.setLength(size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** While true every chunk write fails, as a broken link to the destination would (tests, the lab). */
    public void failWrites(boolean fail) {
        this.failing = fail;
    }

    /** Writes a chunk into a copy. Writing the same chunk twice is harmless: a resumed copy may. */
    public void write(String copy, long offset, byte[] chunk, int length) {
        if (failing) {
            throw new IllegalStateException("simulated write failure at " + offset + " bytes of " + copy);
        }
        if (folder != null) {
            if (!Files.exists(file(copy))) {
                throw new IllegalStateException("no copy " + copy);
            }
            try (RandomAccessFile f = new RandomAccessFile(file(copy).toFile(), "rw")) {
                f.seek(offset);
                f.write(chunk, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        byte[] target = copies.get(copy);
        if (target == null) {
            throw new IllegalStateException("no copy " + copy);
        }
        System.arraycopy(chunk, 0, target, Math.toIntExact(offset), length);
    }

    public boolean hasCopy(String copy) {
        return folder != null ? Files.exists(file(copy)) : copies.containsKey(copy);
    }

    public void discard(String copy) {
        if (folder != null) {
            try {
                Files.deleteIfExists(file(copy));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        copies.remove(copy);
    }

    /** SHA-256 of a share's generated content. */
    public static String checksumOf(String shareId, long size) {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        for (long off = 0; off < size; off += buf.length) {
            int n = (int) Math.min(buf.length, size - off);
            read(shareId, off, buf, n);
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of a copy, or null if there is none. */
    public String checksumOfCopy(String copy) {
        if (folder != null) {
            if (!Files.exists(file(copy))) {
                return null;
            }
            MessageDigest md = sha256();
            try (InputStream in = Files.newInputStream(file(copy))) {
                byte[] buf = new byte[64 * 1024];
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return HexFormat.of().formatHex(md.digest());
        }
        byte[] c = copies.get(copy);
        return c == null ? null : HexFormat.of().formatHex(sha256().digest(c));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
