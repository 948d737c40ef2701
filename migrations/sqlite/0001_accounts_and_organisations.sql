-- Accounts, credentials, organisations, memberships and invitations.
-- Timestamps are RFC 3339 text in UTC; ids are integers exposed as opaque global ids.

CREATE TABLE users (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    email             TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    is_platform_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_platform_admin IN (0, 1)),
    created_at        TEXT NOT NULL
);

-- Browser sessions and personal API tokens; only the SHA-256 of the secret is kept.
CREATE TABLE credentials (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('session', 'api_token')),
    name       TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT
);
CREATE INDEX credentials_by_user ON credentials (user_id, kind);

CREATE TABLE organisations (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                  TEXT NOT NULL CHECK (kind IN ('MUNICIPALITY', 'WISE', 'SUPPLIER', 'OTHER')),
    name                  TEXT NOT NULL,
    country               TEXT NOT NULL,
    -- Not unique: a unit within a larger legal entity may take part on its own.
    org_number            TEXT NOT NULL,
    region                TEXT,
    website               TEXT,
    description           TEXT NOT NULL DEFAULT '',
    verified_by           INTEGER REFERENCES users (id),
    verified_at           TEXT,
    verification_evidence TEXT,
    created_at            TEXT NOT NULL
);
CREATE INDEX organisations_by_kind ON organisations (kind, id);

CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    created_at      TEXT NOT NULL,
    UNIQUE (organisation_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    token_hash      TEXT NOT NULL UNIQUE,
    invited_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    accepted_at     TEXT,
    accepted_by     INTEGER REFERENCES users (id),
    revoked_at      TEXT
);
CREATE INDEX invitations_by_organisation ON invitations (organisation_id);
