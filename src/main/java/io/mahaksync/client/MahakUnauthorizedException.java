package io.mahaksync.client;

/** HTTP 401: the token is missing or expired. The client logs in again once and retries. */
class MahakUnauthorizedException extends MahakException {
    MahakUnauthorizedException(String endpoint) {
        super(endpoint, null, "Mahak answered 401 Unauthorized on " + endpoint, null);
    }
}
