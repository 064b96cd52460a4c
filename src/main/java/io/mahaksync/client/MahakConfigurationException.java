package io.mahaksync.client;

/**
 * Mahak refused our settings: wrong database id or package number (1001), wrong user name or
 * password (1002), or a base URL we refuse to use. Retrying cannot help; an operator must fix the
 * configuration, and health reports why until then.
 */
public class MahakConfigurationException extends MahakException {
    public MahakConfigurationException(String endpoint, Integer code, String message) {
        super(endpoint, code, message, null);
    }
}
