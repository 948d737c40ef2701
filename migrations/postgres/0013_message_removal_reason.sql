-- A buyer who removes someone else's message from a public thread says why; everyone reading
-- the thread sees the reason in place of the message. Empty for an author's own deletion.
ALTER TABLE messages ADD COLUMN removal_reason TEXT NOT NULL DEFAULT '';
