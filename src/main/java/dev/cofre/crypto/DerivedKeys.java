package dev.cofre.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Purpose-bound keys derived from the master key (HMAC-SHA256(master key v1, "cofre/derive/v1|" + purpose)), for
 * things that need a keyed MAC rather than encryption, such as the audit chain. Derived from the first key
 * version so they stay the same when versions are added.
 */
public final class DerivedKeys {

    private final SecretKey root;

    DerivedKeys(KeyRing ring) {
        this.root = ring.key(ring.versions()[0]);
    }

    /** A fresh 32-byte key for {@code purpose}; the caller owns (and should wipe) the array. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(root.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("cofre/derive/v1|" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DerivedKeys[<masked>]";
    }
}
