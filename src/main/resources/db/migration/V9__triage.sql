-- Triage: working the inbox. Notes, links between items, hand-over details, requests for
-- information, saved views, and the bookkeeping of scheduled jobs (so that one node runs them).

ALTER TABLE inbox_item
    -- The warm hand-over (doorgezet): who took it over, and when the owner checks it started.
    ADD COLUMN doorgezet_organisatie text,
    ADD COLUMN doorgezet_contact     text,
    ADD COLUMN follow_up_on          date,
    ADD COLUMN follow_up_reminded_at timestamptz,
    -- The closing decision: the route (stepped care), the offers for sociale_basis, a short reason.
    ADD COLUMN route_offers          uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN close_reason          text,
    -- An open request for information: to whom, and the question (personal data: anonymised).
    ADD COLUMN info_requested_from   text CHECK (info_requested_from IN ('melder', 'bewoner')),
    ADD COLUMN info_request          text,
    ADD COLUMN reopened_at           timestamptz,
    ADD COLUMN overdue_notified_at   timestamptz,
    ADD COLUMN anonymised_at         timestamptz;

CREATE INDEX inbox_item_follow_up ON inbox_item (follow_up_on) WHERE state = 'doorgezet' AND follow_up_reminded_at IS NULL;
CREATE INDEX inbox_item_closed ON inbox_item (closed_at) WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;

-- Notes by staff: personal data (anonymised by retention), never shown to melders or residents.
CREATE TABLE inbox_note (
    id         bigserial PRIMARY KEY,
    item_id    uuid        NOT NULL REFERENCES inbox_item (id),
    account_id uuid        NOT NULL REFERENCES account (id),
    created_at timestamptz NOT NULL,
    tekst      text        NOT NULL
);
CREATE INDEX inbox_note_item ON inbox_note (item_id, created_at);

-- Items about the same household, linked by triage (both directions are one row: a < b).
CREATE TABLE inbox_link (
    item_a     uuid        NOT NULL REFERENCES inbox_item (id),
    item_b     uuid        NOT NULL REFERENCES inbox_item (id),
    linked_at  timestamptz NOT NULL,
    linked_by  uuid        NOT NULL REFERENCES account (id),
    PRIMARY KEY (item_a, item_b),
    CHECK (item_a < item_b)
);

-- A worker's saved inbox filters.
CREATE TABLE inbox_saved_view (
    id         uuid PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    query      text        NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (account_id, name)
);

-- Reminders for staff (overdue items, hand-overs to check): shown in the inbox, mailed once.
CREATE TABLE inbox_reminder (
    id         bigserial PRIMARY KEY,
    item_id    uuid        NOT NULL REFERENCES inbox_item (id),
    account_id uuid        NOT NULL REFERENCES account (id),
    kind       text        NOT NULL CHECK (kind IN ('te_laat', 'overdracht_controleren', 'informatie_ontvangen')),
    created_at timestamptz NOT NULL,
    done_at    timestamptz,
    UNIQUE (item_id, account_id, kind, created_at)
);
CREATE INDEX inbox_reminder_open ON inbox_reminder (account_id) WHERE done_at IS NULL;

-- When each scheduled job last ran: a node takes a job by moving next_run_at in one UPDATE,
-- so in a cluster each run happens on exactly one node.
CREATE TABLE scheduled_job (
    name        text PRIMARY KEY,
    next_run_at timestamptz NOT NULL,
    last_run_at timestamptz,
    last_result text
);
