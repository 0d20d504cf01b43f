package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

/**
 * One of a dataset's four gzip-compressed IDX files: its name and the MD5 of the file as the mirrors serve it,
 * which only downloads are checked against (a local copy may have been recompressed).
 */
record DataFile(String name, String md5) {
    DataFile {
        requireNonNull(name, "name is null");
        requireNonNull(md5, "md5 is null");
    }
}
