-- The durable event log behind live subscriptions: written in the same transaction as the
-- change it describes, read by each replica's relay in id order, and by reconnecting clients
-- from their cursor. Payloads hold ids and small facts; subscribers re-check access per event.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    -- The one person a personal event is for (a notification), else NULL.
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    need_id    INTEGER REFERENCES needs (id) ON DELETE CASCADE,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX events_by_user ON events (user_id, id);
CREATE INDEX events_by_need ON events (need_id, id);
