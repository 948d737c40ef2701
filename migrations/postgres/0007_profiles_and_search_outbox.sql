-- Capability profiles of enterprises, and the outbox the search index follows.
--
-- A profile is one JSON document per organisation (services, regions served, capacity,
-- target groups, WISE status, partnering intent, languages, contact), like a need's content.
-- `visibility` is a column because search filters on it.
CREATE TABLE profiles (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    content         TEXT NOT NULL,
    visibility      TEXT NOT NULL CHECK (visibility IN ('PUBLIC', 'SIGNED_IN')),
    revision        BIGINT NOT NULL,
    updated_by      BIGINT NOT NULL REFERENCES users (id),
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Written in the same transaction as every change search shows (an organisation, its
-- verification, its profile). Each search index records the last id it applied, atomically
-- with its documents, and reads on from there; so a crash between commit and indexing only
-- delays the index, and replaying an entry is harmless. Old rows are deleted by age.
CREATE TABLE search_outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
