package dev.cofre.policy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Policies, groups and memberships in plain SQL. Package-private: the rest goes through {@link PolicyService}. */
@Repository
class PolicyRepository {

    private final JdbcClient jdbc;

    /** Two indexed lookups joined by key (a UNION, not an OR, so PostgreSQL does not scan policy_subjects). */
    static final String GRANTS_FOR = """
            SELECT p.permissions, t.selector
            FROM policy_subjects s
            JOIN policies p ON p.id = s.policy_id
            JOIN policy_targets t ON t.policy_id = p.id
            WHERE s.kind = 'user' AND s.name = ?
            UNION
            SELECT p.permissions, t.selector
            FROM group_members m
            JOIN user_groups g ON g.id = m.group_id
            JOIN policy_subjects s ON s.kind = 'group' AND s.name = g.name
            JOIN policies p ON p.id = s.policy_id
            JOIN policy_targets t ON t.policy_id = p.id
            WHERE m.user_id = ?""";

    PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The grants of the policies naming this user, directly or through one of their groups: one query. */
    List<Grants.Grant> grantsFor(UUID userId, String username) {
        List<Grants.Grant> grants = new ArrayList<>();
        jdbc.sql(GRANTS_FOR)
                .params(username, userId)
                .query(rs -> {
                    grants.add(new Grants.Grant(Selector.parse(rs.getString("selector")),
                            permissions(rs.getString("permissions"))));
                });
        return grants;
    }

    /** The policy version: see {@link GrantsCache}. */
    long version() {
        return jdbc.sql("SELECT version FROM policy_version WHERE id = 1").query(Long.class).single();
    }

    /**
     * Called by every write below, inside the caller's transaction, so that the change and the new version commit
     * together (and concurrent changes queue on this one row).
     */
    private void changed() {
        jdbc.sql("UPDATE policy_version SET version = version + 1 WHERE id = 1").update();
    }

    List<Policy> listPolicies() {
        Map<UUID, List<String>> subjects = new LinkedHashMap<>();
        jdbc.sql("SELECT policy_id, kind, name FROM policy_subjects ORDER BY kind, name").query(rs -> {
            subjects.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                    .add(rs.getString(2) + ":" + rs.getString(3));
        });
        Map<UUID, List<String>> targets = new LinkedHashMap<>();
        jdbc.sql("SELECT policy_id, selector FROM policy_targets ORDER BY selector").query(rs -> {
            targets.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
        });
        return jdbc.sql("SELECT * FROM policies ORDER BY name").query((rs, n) -> {
            UUID id = rs.getObject("id", UUID.class);
            return new Policy(id, rs.getString("name"), rs.getString("description"),
                    subjects.getOrDefault(id, List.of()), targets.getOrDefault(id, List.of()),
                    permissions(rs.getString("permissions")), instant(rs.getObject("created_at", OffsetDateTime.class)),
                    instant(rs.getObject("updated_at", OffsetDateTime.class)));
        }).list();
    }

    Optional<Policy> findPolicy(UUID id) {
        return jdbc.sql("SELECT * FROM policies WHERE id = ?").param(id).query((rs, n) -> new Policy(id,
                rs.getString("name"), rs.getString("description"),
                jdbc.sql("SELECT kind, name FROM policy_subjects WHERE policy_id = ? ORDER BY kind, name").param(id)
                        .query((r, i) -> r.getString(1) + ":" + r.getString(2)).list(),
                jdbc.sql("SELECT selector FROM policy_targets WHERE policy_id = ? ORDER BY selector").param(id)
                        .query(String.class).list(),
                permissions(rs.getString("permissions")), instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("updated_at", OffsetDateTime.class)))).optional();
    }

    void savePolicy(Policy p, boolean insert) {
        String perms = p.permissions().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        if (insert) {
            jdbc.sql("""
                    INSERT INTO policies (id, name, description, permissions, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(p.id(), p.name(), p.description(), perms, utc(p.createdAt()), utc(p.updatedAt())).update();
        } else {
            jdbc.sql("UPDATE policies SET name = ?, description = ?, permissions = ?, updated_at = ? WHERE id = ?")
                    .params(p.name(), p.description(), perms, utc(p.updatedAt()), p.id()).update();
            jdbc.sql("DELETE FROM policy_subjects WHERE policy_id = ?").param(p.id()).update();
            jdbc.sql("DELETE FROM policy_targets WHERE policy_id = ?").param(p.id()).update();
        }
        for (String s : p.subjects()) {
            Subject subject = Subject.parse(s);
            jdbc.sql("INSERT INTO policy_subjects (policy_id, kind, name) VALUES (?, ?, ?)")
                    .params(p.id(), subject.kind(), subject.name()).update();
        }
        for (String selector : p.credentials()) {
            jdbc.sql("INSERT INTO policy_targets (policy_id, selector) VALUES (?, ?)").params(p.id(), selector).update();
        }
        changed();
    }

    boolean deletePolicy(UUID id) {
        boolean deleted = jdbc.sql("DELETE FROM policies WHERE id = ?").param(id).update() == 1;
        changed();
        return deleted;
    }

    List<Group> listGroups() {
        Map<UUID, List<String>> members = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT m.group_id, u.username FROM group_members m JOIN users u ON u.id = m.user_id
                ORDER BY u.username""").query(rs -> {
            members.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
        });
        return jdbc.sql("SELECT * FROM user_groups ORDER BY name").query((rs, n) -> {
            UUID id = rs.getObject("id", UUID.class);
            return new Group(id, rs.getString("name"), rs.getString("description"), members.getOrDefault(id, List.of()),
                    instant(rs.getObject("created_at", OffsetDateTime.class)),
                    instant(rs.getObject("updated_at", OffsetDateTime.class)));
        }).list();
    }

    Optional<Group> findGroup(UUID id) {
        return listGroups().stream().filter(g -> g.id().equals(id)).findFirst();
    }

    Optional<UUID> groupIdByName(String name) {
        return jdbc.sql("SELECT id FROM user_groups WHERE name = ?").param(name).query(UUID.class).optional();
    }

    void saveGroup(Group g, boolean insert) {
        if (insert) {
            jdbc.sql("INSERT INTO user_groups (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(g.id(), g.name(), g.description(), utc(g.createdAt()), utc(g.updatedAt())).update();
        } else {
            jdbc.sql("UPDATE user_groups SET name = ?, description = ?, updated_at = ? WHERE id = ?")
                    .params(g.name(), g.description(), utc(g.updatedAt()), g.id()).update();
        }
        changed();
    }

    boolean deleteGroup(UUID id) {
        boolean deleted = jdbc.sql("DELETE FROM user_groups WHERE id = ?").param(id).update() == 1;
        changed();
        return deleted;
    }

    void setMembers(UUID groupId, List<UUID> userIds) {
        jdbc.sql("DELETE FROM group_members WHERE group_id = ?").param(groupId).update();
        for (UUID userId : userIds) {
            jdbc.sql("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)").params(groupId, userId).update();
        }
        changed();
    }

    Optional<UUID> userIdByUsername(String username) {
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(UUID.class).optional();
    }

    List<String> groupsOf(UUID userId) {
        return jdbc.sql("""
                SELECT g.name FROM user_groups g JOIN group_members m ON m.group_id = g.id
                WHERE m.user_id = ? ORDER BY g.name""").param(userId).query(String.class).list();
    }

    void setGroupsOf(UUID userId, List<UUID> groupIds) {
        jdbc.sql("DELETE FROM group_members WHERE user_id = ?").param(userId).update();
        for (UUID groupId : groupIds) {
            jdbc.sql("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)").params(groupId, userId).update();
        }
        changed();
    }

    static Set<Permission> permissions(String csv) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).map(Permission::valueOf).forEach(set::add);
        return set;
    }

    private static Instant instant(OffsetDateTime t) {
        return t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
