-- Market dialogue questions and answers. A question is private to the buyer side and the
-- asking organisation until answered. Published answers go to everyone without naming who
-- asked (equal treatment); a private answer (the question touches the asker's trade secret)
-- records why it was not published.
CREATE TABLE questions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id            INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    asked_by           INTEGER NOT NULL REFERENCES users (id),
    asking_org         INTEGER NOT NULL REFERENCES organisations (id),
    question           TEXT NOT NULL,
    asked_at           TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('OPEN', 'PUBLISHED', 'ANSWERED_PRIVATELY')),
    -- The wording published to everyone (the buyer may remove what identifies the asker).
    published_question TEXT,
    answer             TEXT,
    answered_by        INTEGER REFERENCES users (id),
    answered_at        TEXT,
    private_reason     TEXT
);
CREATE INDEX questions_by_need ON questions (need_id, id);
