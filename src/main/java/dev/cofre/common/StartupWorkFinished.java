package dev.cofre.common;

/**
 * Published when work that a start left to a background thread is done (the credential search index's first
 * build): what it allocated is garbage now, and the idle heap can be given back (config/IdleMemory).
 */
public record StartupWorkFinished(String what) {
}
