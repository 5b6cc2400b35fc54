package dev.cofre.policy;

import java.util.List;

/** A policy as a client sends it, before validation. */
public record PolicyDraft(String name, String description, List<String> subjects, List<String> credentials,
                          List<String> permissions) {
}
