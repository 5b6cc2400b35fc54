package dev.cofre.credential;

import java.util.Locale;

/**
 * The stored forms of a credential's host that let host-pattern policies use an index: {@code host_key} (the host
 * in lower case, as {@code Selector} compares it) answers a pattern with a literal prefix by a range, and
 * {@code host_rev} (the key reversed) answers a pattern with only a literal suffix by a range. Written with every
 * insert and update of the host, and by the migration that introduced them; both must use these functions.
 */
final class HostKeys {

    private HostKeys() {
    }

    static String key(String host) {
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    static String reversed(String key) {
        return key == null ? null : new StringBuilder(key).reverse().toString();
    }
}
