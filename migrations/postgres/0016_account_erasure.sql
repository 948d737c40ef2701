-- A person may delete their account (GDPR erasure). The row stays, so that what they wrote for
-- an organisation keeps an author, but everything personal in it is replaced: the name reads
-- "Deleted user", the e-mail address becomes a placeholder no one can sign in with, and the
-- password hash is emptied. `deleted_at` says when; NULL for every account in use.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMPTZ;
