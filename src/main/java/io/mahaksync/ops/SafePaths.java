package io.mahaksync.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Resolves a file name that came from outside (a drop's file list, an admin request) inside a
 * folder, refusing anything that would land elsewhere: absolute paths, {@code ..}, drive letters,
 * NUL bytes, and symbolic links that point out of the folder. What the push reads or replaces must
 * moreover be no link at all ({@link #regularFileInside}, {@link #directoryInside}): a link is reported,
 * never followed, and files are opened with {@code O_NOFOLLOW} ({@link #openNoFollow}).
 */
public final class SafePaths {

    private SafePaths() {
    }

    /** The path of {@code name} inside {@code root}; IllegalArgumentException when it would escape. */
    public static Path resolveInside(Path root, String name) {
        Path base = root.toAbsolutePath().normalize();
        Path resolved = lexicallyInside(root, name);
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

    /** The path of {@code name} inside {@code root} by its name alone (links not looked at). */
    private static Path lexicallyInside(Path root, String name) {
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
        return resolved;
    }

    /** {@code name} inside {@code folder}, a regular file and not a link; IllegalArgumentException says what it is instead. */
    public static Path regularFileInside(Path folder, String name) {
        requireRegularFile(lexicallyInside(folder, name));
        return resolveInside(folder, name);
    }

    /** {@code name} inside {@code root}, a real folder and not a link to one; IllegalArgumentException otherwise. */
    public static Path directoryInside(Path root, String name) {
        Path dir = lexicallyInside(root, name);
        BasicFileAttributes a = attributes(dir);
        if (a == null || a.isSymbolicLink() || !a.isDirectory()) {
            throw new IllegalArgumentException(dir.getFileName() + (a == null ? " does not exist"
                    : a.isSymbolicLink() ? " is a symbolic link (links are never followed)" : " is not a folder"));
        }
        return resolveInside(root, name);
    }

    /** Refuses a path that is a symbolic link, a folder, a device or a pipe (reading a pipe would block). */
    public static void requireRegularFile(Path file) {
        BasicFileAttributes a = attributes(file);
        if (a == null) {
            throw new IllegalArgumentException("no file " + file.getFileName() + " in the folder");
        }
        if (a.isSymbolicLink()) {
            throw new IllegalArgumentException(file.getFileName() + " is a symbolic link (links are never followed; "
                    + "copy the file itself into the folder)");
        }
        if (!a.isRegularFile()) {
            throw new IllegalArgumentException(file.getFileName() + " is not a regular file");
        }
    }

    /** Opens a file for reading without following a link in its last component (O_NOFOLLOW). */
    public static InputStream openNoFollow(Path file) throws IOException {
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the path itself (not what it may point to) is a symbolic link. */
    public static boolean isLink(Path path) {
        BasicFileAttributes a = attributes(path);
        return a != null && a.isSymbolicLink();
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look at " + path.getFileName(), e);
        }
    }
}
