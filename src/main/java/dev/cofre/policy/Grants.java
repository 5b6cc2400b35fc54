package dev.cofre.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one actor is granted, computed once per request from the policies whose subjects include the actor (one
 * indexed query, however many policies exist). Admins are granted everything.
 */
public final class Grants {

    record Grant(Selector selector, Set<Permission> permissions) {
    }

    private final boolean admin;
    private final List<Grant> grants;

    Grants(boolean admin, List<Grant> grants) {
        this.admin = admin;
        this.grants = grants;
    }

    public boolean admin() {
        return admin;
    }

    /** The permissions on one credential; empty means the actor may not even know it exists. */
    public Set<Permission> on(UUID id, List<String> tags, String host) {
        if (admin) {
            return EnumSet.allOf(Permission.class);
        }
        EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
        for (Grant g : grants) {
            if (g.selector().matches(id, tags, host)) {
                granted.addAll(g.permissions());
            }
        }
        granted.remove(Permission.AUDIT);
        return granted;
    }

    /** Whether any policy grants this permission regardless of credential (used for AUDIT). */
    public boolean anywhere(Permission permission) {
        return admin || grants.stream().anyMatch(g -> g.permissions().contains(permission));
    }

    /** The credentials visible to the actor (any credential permission). */
    public CredentialScope scope() {
        if (admin) {
            return CredentialScope.everything();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        List<String> hosts = new ArrayList<>();
        for (Grant g : grants) {
            if (g.permissions().stream().noneMatch(p -> p != Permission.AUDIT)) {
                continue;
            }
            switch (g.selector().kind()) {
                case ALL -> {
                    return CredentialScope.everything();
                }
                case ID -> ids.add(UUID.fromString(g.selector().value()));
                case TAG -> tags.add(g.selector().value());
                case HOST -> hosts.add(g.selector().likePattern());
            }
        }
        return new CredentialScope(false, ids, tags, hosts);
    }
}
