-- Cliëntervaringen: after an item is closed its resident may answer two short questions, once.
-- The answers are kept apart from the item: no item, no account, no worker, no time finer than
-- the month, so the figures can never be traced to a worker (or a resident) in any view.
CREATE TABLE client_experience (
    id           bigserial PRIMARY KEY,
    kanaal       text        NOT NULL,
    wijk         text,
    answered_in  date        NOT NULL CHECK (extract(day FROM answered_in) = 1),
    score        smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
    geholpen     text        NOT NULL CHECK (geholpen IN ('ja', 'deels', 'nee'))
);
CREATE INDEX client_experience_month ON client_experience (answered_in);

-- Once per item: the invitation (the link in the closing mail, by its hash) and whether it was
-- answered, through that link or the status page. Holds no answer.
CREATE TABLE client_experience_invite (
    item_id     uuid PRIMARY KEY REFERENCES inbox_item (id),
    token_hash  text        UNIQUE,
    created_at  timestamptz NOT NULL,
    answered_at timestamptz
);
