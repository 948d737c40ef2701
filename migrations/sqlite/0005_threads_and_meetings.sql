-- Market dialogue threads and meetings.
--
-- A thread is PUBLIC (every signed-in user; the buyer side moderates), PRIVATE (the buyer side
-- and one organisation: one-to-one dialogue) or CONSORTIUM (the members of a joint offer; the
-- joint-offers feature fills `consortium_id`). Messages are Markdown; an edit keeps the earlier
-- text in message_versions; a delete leaves a tombstone row whose text is erased.
CREATE TABLE threads (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id         INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('PUBLIC', 'PRIVATE', 'CONSORTIUM')),
    -- PRIVATE: the one organisation the buyer side talks to.
    organisation_id INTEGER REFERENCES organisations (id),
    consortium_id   INTEGER,
    title           TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    last_message_at TEXT NOT NULL,
    CHECK (kind <> 'PRIVATE' OR organisation_id IS NOT NULL)
);
CREATE INDEX threads_by_need ON threads (need_id, id);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id  INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    -- The organisation the author speaks for, if any.
    author_org INTEGER REFERENCES organisations (id),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at  TEXT,
    deleted_at TEXT,
    deleted_by INTEGER REFERENCES users (id)
);
CREATE INDEX messages_by_thread ON messages (thread_id, id);

-- The text a message had before each edit, oldest first.
CREATE TABLE message_versions (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (message_id, version)
);

-- How far each person has read each thread.
CREATE TABLE thread_reads (
    thread_id       INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_id    INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);

-- Supplier days (many organisations) and one-to-one slots (one organisation each).
-- `booked` counts bookings and only moves by a conditional UPDATE, so concurrent bookings
-- can never take it past `capacity`.
CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id       INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('SUPPLIER_DAY', 'ONE_TO_ONE')),
    title         TEXT NOT NULL,
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    location      TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity >= 1),
    booked        INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
    created_by    INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    cancelled_at  TEXT,
    minutes       TEXT,
    minutes_published_at TEXT,
    CHECK (ends_at > starts_at),
    CHECK (kind <> 'ONE_TO_ONE' OR capacity = 1)
);
CREATE INDEX meetings_by_need ON meetings (need_id, starts_at);

-- `one_to_one_need` is the need for one-to-one slots and NULL for supplier days, so the unique
-- index lets an organisation hold one one-to-one slot per need (equal treatment) without
-- limiting supplier days.
CREATE TABLE meeting_bookings (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    one_to_one_need INTEGER,
    booked_by       INTEGER NOT NULL REFERENCES users (id),
    booked_at       TEXT NOT NULL,
    PRIMARY KEY (meeting_id, organisation_id)
);
CREATE UNIQUE INDEX one_slot_per_need ON meeting_bookings (one_to_one_need, organisation_id);

