package dev.cofre.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.audit.Actor;
import dev.cofre.common.ConflictException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.common.NotFoundException;
import dev.cofre.common.TextInput;

/**
 * Front door of access control: evaluates what an actor is granted (default deny; admins may do everything) and
 * manages policies and groups (admins only; every change and every refusal audited).
 */
@Service
public class PolicyService {

    private static final int MAX_ENTRIES = 200;

    private final PolicyRepository repository;
    private final GrantsCache grants;
    private final AuditTrail audit;
    private final Clock clock;

    PolicyService(PolicyRepository repository, AuditTrail audit, Clock clock) {
        this.repository = repository;
        this.grants = new GrantsCache(repository);
        this.audit = audit;
        this.clock = clock;
    }

    public Grants grants(Actor actor) {
        if (actor.admin()) {
            return new Grants(true, List.of());
        }
        if (actor.userId() == null) {
            return new Grants(false, List.of());
        }
        return new Grants(false, grants.grantsFor(actor.userId(), actor.username()));
    }

    /** Refuses (and audits the refusal of) an admin-only act by a non-admin. */
    public void requireAdmin(Actor actor, AuditAction action, String target) {
        if (!actor.admin()) {
            audit.record(actor.event(action, null, target, AuditOutcome.DENIED, "admin only"));
            throw new PolicyDeniedException("Only administrators may do this");
        }
    }

    public List<Policy> listPolicies(Actor actor) {
        requireAdmin(actor, AuditAction.POLICY_UPDATE, "list policies");
        return repository.listPolicies();
    }

    public Policy getPolicy(Actor actor, UUID id) {
        requireAdmin(actor, AuditAction.POLICY_UPDATE, "policy " + id);
        return repository.findPolicy(id).orElseThrow(() -> new NotFoundException("Policy not found"));
    }

    @Transactional
    public Policy createPolicy(Actor actor, PolicyDraft draft) {
        requireAdmin(actor, AuditAction.POLICY_CREATE, draft.name());
        Instant now = clock.instant();
        Policy p = validated(UUID.randomUUID(), draft, now, now);
        try {
            repository.savePolicy(p, true);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A policy with this name already exists");
        }
        audit.record(actor.event(AuditAction.POLICY_CREATE, null, "policy " + p.name(), AuditOutcome.SUCCESS,
                describe(p)));
        return p;
    }

    @Transactional
    public Policy updatePolicy(Actor actor, UUID id, PolicyDraft draft) {
        requireAdmin(actor, AuditAction.POLICY_UPDATE, "policy " + id);
        Policy old = repository.findPolicy(id).orElseThrow(() -> new NotFoundException("Policy not found"));
        Policy p = validated(id, draft, old.createdAt(), clock.instant());
        try {
            repository.savePolicy(p, false);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A policy with this name already exists");
        }
        audit.record(actor.event(AuditAction.POLICY_UPDATE, null, "policy " + p.name(), AuditOutcome.SUCCESS,
                describe(p)));
        return p;
    }

    @Transactional
    public void deletePolicy(Actor actor, UUID id) {
        requireAdmin(actor, AuditAction.POLICY_DELETE, "policy " + id);
        Policy old = repository.findPolicy(id).orElseThrow(() -> new NotFoundException("Policy not found"));
        repository.deletePolicy(id);
        audit.record(actor.event(AuditAction.POLICY_DELETE, null, "policy " + old.name(), AuditOutcome.SUCCESS,
                null));
    }

    public List<Group> listGroups(Actor actor) {
        requireAdmin(actor, AuditAction.GROUP_UPDATE, "list groups");
        return repository.listGroups();
    }

    public Group getGroup(Actor actor, UUID id) {
        requireAdmin(actor, AuditAction.GROUP_UPDATE, "group " + id);
        return repository.findGroup(id).orElseThrow(() -> new NotFoundException("Group not found"));
    }

    @Transactional
    public Group createGroup(Actor actor, String name, String description, List<String> members) {
        requireAdmin(actor, AuditAction.GROUP_CREATE, name);
        Instant now = clock.instant();
        Group g = new Group(UUID.randomUUID(), groupName(name), TextInput.optional("description", description, 500),
                List.of(), now, now);
        try {
            repository.saveGroup(g, true);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A group with this name already exists");
        }
        repository.setMembers(g.id(), userIds(members));
        audit.record(actor.event(AuditAction.GROUP_CREATE, null, "group " + g.name(), AuditOutcome.SUCCESS,
                "members: " + String.join(",", members == null ? List.of() : members)));
        return repository.findGroup(g.id()).orElseThrow();
    }

    @Transactional
    public Group updateGroup(Actor actor, UUID id, String name, String description, List<String> members) {
        requireAdmin(actor, AuditAction.GROUP_UPDATE, "group " + id);
        Group old = repository.findGroup(id).orElseThrow(() -> new NotFoundException("Group not found"));
        Group g = new Group(id, groupName(name), TextInput.optional("description", description, 500), List.of(), old.createdAt(),
                clock.instant());
        try {
            repository.saveGroup(g, false);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "A group with this name already exists");
        }
        repository.setMembers(id, userIds(members));
        audit.record(actor.event(AuditAction.GROUP_UPDATE, null, "group " + g.name(), AuditOutcome.SUCCESS,
                "members: " + String.join(",", members == null ? List.of() : members)));
        return repository.findGroup(id).orElseThrow();
    }

    @Transactional
    public void deleteGroup(Actor actor, UUID id) {
        requireAdmin(actor, AuditAction.GROUP_DELETE, "group " + id);
        Group old = repository.findGroup(id).orElseThrow(() -> new NotFoundException("Group not found"));
        repository.deleteGroup(id);
        audit.record(actor.event(AuditAction.GROUP_DELETE, null, "group " + old.name(), AuditOutcome.SUCCESS, null));
    }

    /** The names of the groups a user belongs to. */
    public List<String> groupsOf(UUID userId) {
        return repository.groupsOf(userId);
    }

    /** Replaces a user's group memberships (the caller audits the user change it is part of). */
    public void setGroupsOf(UUID userId, List<String> groupNames) {
        List<UUID> ids = new ArrayList<>();
        for (String name : new LinkedHashSet<>(groupNames == null ? List.<String>of() : groupNames)) {
            ids.add(repository.groupIdByName(name == null ? "" : name.strip())
                    .orElseThrow(() -> new InvalidInputException("groups", "unknown group; create it first")));
        }
        repository.setGroupsOf(userId, ids);
    }

    private List<UUID> userIds(List<String> usernames) {
        if (usernames == null) {
            return List.of();
        }
        if (usernames.size() > 10_000) {
            throw new InvalidInputException("members", "at most 10000 members");
        }
        List<UUID> ids = new ArrayList<>();
        for (String username : new LinkedHashSet<>(usernames)) {
            ids.add(repository.userIdByUsername(username == null ? "" : username.strip())
                    .orElseThrow(() -> new InvalidInputException("members", "unknown user")));
        }
        return ids;
    }

    private Policy validated(UUID id, PolicyDraft d, Instant created, Instant updated) {
        String name = TextInput.required("name", d.name(), 200);
        List<String> subjects = entries("subjects", d.subjects()).stream().map(Subject::parse).map(Subject::toString)
                .distinct().toList();
        List<String> selectors = entries("credentials", d.credentials()).stream().map(Selector::parse)
                .map(Selector::toString).distinct().toList();
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        entries("permissions", d.permissions()).forEach(p -> permissions.add(Permission.parse(p)));
        if (subjects.isEmpty()) {
            throw new InvalidInputException("subjects", "at least one subject (user:<name> or group:<name>)");
        }
        if (selectors.isEmpty()) {
            throw new InvalidInputException("credentials", "at least one credential selector (id:, tag:, host: or *)");
        }
        if (permissions.isEmpty()) {
            throw new InvalidInputException("permissions", "at least one permission");
        }
        return new Policy(id, name, TextInput.optional("description", d.description(), 500), subjects, selectors, permissions,
                created, updated);
    }

    private static List<String> entries(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ENTRIES) {
            throw new InvalidInputException(field, "at most " + MAX_ENTRIES + " entries");
        }
        return values;
    }

    private static String groupName(String name) {
        String n = name == null ? "" : name.strip();
        if (!Subject.NAME.matcher(n).matches()) {
            throw new InvalidInputException("name",
                    "a group name is 1 to 64 characters: letters, digits, . _ @ - (starting with a letter or digit)");
        }
        return n;
    }

    private static String describe(Policy p) {
        return String.join(",", p.subjects()) + " -> " + String.join(",", p.credentials()) + " : "
                + p.permissions().stream().map(Enum::name).sorted().reduce((a, b) -> a + "," + b).orElse("");
    }
}
