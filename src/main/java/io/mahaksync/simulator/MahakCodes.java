package io.mahaksync.simulator;

/** The application codes the simulator answers with (the guide's table; the real service has no public one). */
public final class MahakCodes {
    public static final int OK = 0;
    /** Wrong DatabaseId or PackageNo at login. */
    public static final int BAD_DATABASE = 1001;
    /** Wrong user name or password at login. */
    public static final int BAD_CREDENTIALS = 1002;
    /** A reference (id, client id or code) that matches no record, or an update of an unknown id. */
    public static final int REFERENCE = 2001;
    /** An update whose rowVersion is older than the stored one. */
    public static final int CONFLICT = 2002;
    /** A wrong type, an unknown field, a missing or reused client id. */
    public static final int VALIDATION = 3001;
    /** A lookup of a record that does not exist. */
    public static final int NOT_FOUND = 404;
    /** Token missing, invalid or expired (sent with HTTP 401). */
    public static final int UNAUTHORIZED = 401;

    private MahakCodes() {
    }
}
