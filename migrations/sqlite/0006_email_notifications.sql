-- E-mail for notifications. Each person chooses IMMEDIATE (one e-mail per notification, sent
-- within a minute), DAILY (one digest a day) or OFF. `emailed_at` is set when a notification
-- has been e-mailed, or passed over because the person had e-mail off when it was written.
ALTER TABLE users ADD COLUMN email_notifications TEXT NOT NULL DEFAULT 'IMMEDIATE'
    CHECK (email_notifications IN ('IMMEDIATE', 'DAILY', 'OFF'));
ALTER TABLE users ADD COLUMN digest_sent_at TEXT;
ALTER TABLE notifications ADD COLUMN emailed_at TEXT;
CREATE INDEX notifications_to_email ON notifications (user_id) WHERE emailed_at IS NULL;
