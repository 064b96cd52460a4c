package io.mahaksync.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves a file name that came from outside (a drop's file list, an admin request) inside a
 * folder, refusing anything that would land elsewhere: absolute paths, {@code ..}, drive letters,
 * NUL bytes, and symbolic links that point out of the folder.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /** The path of {@code name} inside {@code root}; IllegalArgumentException when it would escape. */
    public static Path resolveInside(Path root, String name) {
        if (name == null || name.isBlank() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("empty or invalid file name");
        }
        Path relative;
        try {
            relative = root.getFileSystem().getPath(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid file name: " + e.getReason());
        }
        if (relative.isAbsolute() || relative.getRoot() != null || name.contains(":") || name.startsWith("\\")) {
            throw new IllegalArgumentException("file name must be relative to the folder");
        }
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new IllegalArgumentException("file name leaves the folder");
        }
        // A link inside the folder may still point elsewhere: compare real locations of what exists.
        try {
            Path realBase = Files.exists(base) ? base.toRealPath() : base;
            Path existing = resolved;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing != null && existing.startsWith(base) && !existing.toRealPath().startsWith(realBase)) {
                throw new IllegalArgumentException("file name leaves the folder through a link");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + name, e);
        }
        return resolved;
    }
}
