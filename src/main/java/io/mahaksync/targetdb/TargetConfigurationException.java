package io.mahaksync.targetdb;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The target database refused our settings: the login (user or password), a database that does
 * not exist, a host name that does not resolve. Retrying cannot help, as with Mahak's 1001/1002:
 * the flow stops with the reason, health reports it, and an operator fixes the setting.
 */
public class TargetConfigurationException extends RuntimeException {

    public TargetConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Which setting a refused connection points at, in the database's own codes: SQLState class 28
     * (authorization: PostgreSQL 28P01/28000, MariaDB 1045, H2 28000), PostgreSQL 3D000 and MariaDB
     * 1049 (unknown database), H2 90146 (database not found), or an unknown host anywhere in the causes.
     */
    public static Optional<String> settingAtFault(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Optional.of("the host in mahak.target.jdbc-url is unknown");
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                if (state.startsWith("28") || s.getErrorCode() == 1045) {
                    return Optional.of("check mahak.target.username and mahak.target.password");
                }
                if (state.equals("3D000") || s.getErrorCode() == 1049 || s.getErrorCode() == 90146) {
                    return Optional.of("the database named in mahak.target.jdbc-url does not exist");
                }
            }
        }
        return Optional.empty();
    }
}
