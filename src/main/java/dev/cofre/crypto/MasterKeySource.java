package dev.cofre.crypto;

/**
 * Where the master key comes from. Variants: {@link EnvironmentMasterKeySource} (configuration / environment),
 * {@link FileMasterKeySource} (a 0600 file in the data directory). A source either returns exactly 32 bytes or
 * throws a {@link MasterKeyException} whose message names where the key was looked for, never the key.
 */
interface MasterKeySource {

    /** The 32-byte master key as a fresh array the caller owns and should wipe. */
    byte[] load();

    /** Where the key comes from, for messages (a property name or a file path). */
    String describe();
}
