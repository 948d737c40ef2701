-- The durable event log behind live subscriptions: written in the same transaction as the
-- change it describes, read by each replica's relay in id order, and by reconnecting clients
-- from their cursor. Payloads hold ids and small facts; subscribers re-check access per event.
-- Replicas learn of new rows through NOTIFY samspill_events, sent after commit, never inside
-- the writing transaction (a NOTIFY in a transaction serialises every commit).
CREATE TABLE events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE,
    need_id    BIGINT REFERENCES needs (id) ON DELETE CASCADE,
    payload    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_by_user ON events (user_id, id);
CREATE INDEX events_by_need ON events (need_id, id);
