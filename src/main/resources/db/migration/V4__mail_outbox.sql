-- Outgoing mail waits here until an SMTP server has accepted it. A feature writes its mail
-- in the same transaction as the change it reports, so a mail is never sent for a change
-- that rolled back, and a mail server that is down delays mail but loses none.
-- Mails are personal data (address and text): retention deletes sent rows after a period.
CREATE TABLE mail_outbox (
    id              bigserial   PRIMARY KEY,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body_text       text        NOT NULL,
    -- Optional HTML alternative; the text body is always there for plain-text readers.
    body_html       text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Delivery tries so far; drives the exponential back-off.
    attempts        int         NOT NULL DEFAULT 0,
    -- Not before this moment: the back-off after a failure, or the lease of a node that
    -- claimed the mail, so another node leaves it alone while it is being sent.
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- NULL until an SMTP server accepted the mail.
    sent_at         timestamptz NULL,
    -- Why the last try failed (the SMTP reply or connection error), never the body.
    last_error      text        NULL
);

-- The sender asks every few seconds for pending mail that is due; a partial index keeps
-- that cheap however many sent mails the table holds until retention removes them.
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at, id) WHERE sent_at IS NULL;

-- Retention deletes sent mail older than its period.
CREATE INDEX mail_outbox_sent_idx ON mail_outbox (sent_at) WHERE sent_at IS NOT NULL;
