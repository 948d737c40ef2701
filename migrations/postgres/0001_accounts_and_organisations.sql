-- Accounts, credentials, organisations, memberships and invitations.
-- Same version and meaning as migrations/sqlite/0001; ids are exposed as opaque global ids.

CREATE TABLE users (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    is_platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMPTZ NOT NULL
);

-- Browser sessions and personal API tokens; only the SHA-256 of the secret is kept.
CREATE TABLE credentials (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('session', 'api_token')),
    name       TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ
);
CREATE INDEX credentials_by_user ON credentials (user_id, kind);

CREATE TABLE organisations (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                  TEXT NOT NULL CHECK (kind IN ('MUNICIPALITY', 'WISE', 'SUPPLIER', 'OTHER')),
    name                  TEXT NOT NULL,
    country               TEXT NOT NULL,
    -- Not unique: a unit within a larger legal entity may take part on its own.
    org_number            TEXT NOT NULL,
    region                TEXT,
    website               TEXT,
    description           TEXT NOT NULL DEFAULT '',
    verified_by           BIGINT REFERENCES users (id),
    verified_at           TIMESTAMPTZ,
    verification_evidence TEXT,
    created_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisations_by_kind ON organisations (kind, id);

CREATE TABLE memberships (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (organisation_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE invitations (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    token_hash      TEXT NOT NULL UNIQUE,
    invited_by      BIGINT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    accepted_at     TIMESTAMPTZ,
    accepted_by     BIGINT REFERENCES users (id),
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX invitations_by_organisation ON invitations (organisation_id);
