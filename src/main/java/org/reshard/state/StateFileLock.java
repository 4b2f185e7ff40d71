package org.reshard.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive OS lock on {@code <state file>.lock}, held while a process writes the state file. The
 * operating system releases it when the process dies, so a crash never leaves a stale lock behind.
 */
final class StateFileLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (or another store in this one) holds it. */
    static Optional<StateFileLock> tryAcquire(Path stateFile) throws IOException {
        Path lockFile = lockFile(stateFile);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return Optional.of(new StateFileLock(channel, lock));
    }

    /** What the holder wrote into the lock file, e.g. "pid 4711", for the error message. */
    static String holder(Path stateFile) {
        try {
            return Files.readString(lockFile(stateFile)).strip();
        } catch (IOException e) {
            return "unknown process";
        }
    }

    static Path lockFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".lock");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The OS drops the lock with the channel anyway; nothing useful to report.
        }
    }
}
