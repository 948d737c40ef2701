-- E-mail addresses are verified by a link sent to them, and passwords can be reset by one.
-- `email_verified_at` is when the person last proved they read the address (NULL: not yet;
-- accounts made before this migration verify the next time they need to). An invitation is
-- accepted only by an account whose verified address is the invited one.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;

-- Single-use links sent by e-mail; only the SHA-256 of the secret is kept. `email` is the
-- address the link went to: a link for an address the account no longer has does nothing.
CREATE TABLE email_links (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD')),
    email      TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX email_links_by_user ON email_links (user_id, purpose, created_at);
