-- The chat (issue #12). PostgreSQL is the guarantee, the event bus only the messenger: every
-- message is stored with its per-conversation sequence number before anyone hears of it.
-- chat_conversation keeps the KPI fields apart from the personal data (first name, token hash,
-- the messages), so retention can remove the one and keep the counts (the insight feature
-- reads started_at .. item_id).

CREATE TABLE chat_conversation (
    id                  uuid        PRIMARY KEY,
    started_at          timestamptz NOT NULL,
    wijk                text        NULL,
    accepted_at         timestamptz NULL,
    first_answer_at     timestamptz NULL,
    ended_at            timestamptz NULL,
    abandoned           boolean     NOT NULL DEFAULT false,
    score               smallint    NULL CHECK (score BETWEEN 1 AND 5),
    item_id             uuid        NULL,
    -- wachtend (in the queue), actief (a worker has it), beeindigd
    state               text        NOT NULL CHECK (state IN ('wachtend', 'actief', 'beeindigd')),
    -- inwoner, medewerker, stilte (closed for inactivity), aanmelding
    ended_by            text        NULL,
    -- SHA-256 of the resident's random cookie token; the token itself is never stored
    resident_token_hash text        NULL,
    first_name          text        NULL,
    taal                text        NOT NULL DEFAULT 'nl',
    worker_id           uuid        NULL,
    worker_name         text        NULL,
    last_seq            integer     NOT NULL DEFAULT 0,
    last_activity_at    timestamptz NOT NULL,
    warned_at           timestamptz NULL,
    anonymised_at       timestamptz NULL,
    version             integer     NOT NULL DEFAULT 0
);

CREATE INDEX chat_conversation_queue ON chat_conversation (started_at) WHERE state = 'wachtend';
CREATE INDEX chat_conversation_worker ON chat_conversation (worker_id) WHERE state = 'actief';
CREATE INDEX chat_conversation_resident ON chat_conversation (resident_token_hash);
CREATE INDEX chat_conversation_ended ON chat_conversation (ended_at) WHERE anonymised_at IS NULL;

CREATE TABLE chat_message (
    conversation_id uuid        NOT NULL REFERENCES chat_conversation (id) ON DELETE CASCADE,
    seq             integer     NOT NULL,
    -- made by the client; a resend with the same id gets the same seq, never a second row
    client_id       text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
    sender          text        NOT NULL CHECK (sender IN ('inwoner', 'medewerker', 'systeem')),
    sender_name     text        NULL,
    body            text        NOT NULL,
    -- a catalogue offer inserted as a card: {"titel","regel","link"}
    card            jsonb       NULL,
    sent_at         timestamptz NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

-- A chat worker's availability. Capacity comes from configuration.
CREATE TABLE chat_worker (
    account_id   uuid        PRIMARY KEY,
    name         text        NOT NULL,
    availability text        NOT NULL CHECK (availability IN ('online', 'pauze', 'offline')),
    since        timestamptz NOT NULL
);

-- Canned answers kept by the teamleider; {voornaam} and {telefoon} are filled in when used.
CREATE TABLE chat_canned_answer (
    id         uuid        PRIMARY KEY,
    title      text        NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL
);
