-- Groups and access policies. A policy grants permissions to subjects ("user:<name>", "group:<name>") on the
-- credentials its selectors pick ("id:<uuid>", "tag:<tag>", "host:<glob>", "*"). Default deny.
CREATE TABLE user_groups (
    id          UUID PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL,
    description VARCHAR(500),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_groups_name_unique UNIQUE (name)
);

CREATE TABLE group_members (
    group_id UUID NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id  UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE policies (
    id          UUID PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    description VARCHAR(500),
    permissions VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT policies_name_unique UNIQUE (name)
);

CREATE TABLE policy_subjects (
    policy_id UUID        NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    kind      VARCHAR(8)  NOT NULL,
    name      VARCHAR(64) NOT NULL,
    PRIMARY KEY (policy_id, kind, name)
);
CREATE INDEX policy_subjects_lookup ON policy_subjects (kind, name);

CREATE TABLE policy_targets (
    policy_id UUID         NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    selector  VARCHAR(300) NOT NULL,
    PRIMARY KEY (policy_id, selector)
);

