-- Cliëntervaringen: after an item is closed its resident may answer two short questions, once.
-- The answers keep no account, no worker and no time finer than the month: what the figures
-- count cannot be traced to a worker in any view. The item_id only guards "once per item" and
-- goes when the item is anonymised (the answer stays, unlinked).
CREATE TABLE client_experience (
    id           bigserial PRIMARY KEY,
    item_id      uuid UNIQUE REFERENCES inbox_item (id) ON DELETE SET NULL,
    kanaal       text        NOT NULL,
    wijk         text,
    answered_in  date        NOT NULL CHECK (extract(day FROM answered_in) = 1),
    score        smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
    geholpen     text        NOT NULL CHECK (geholpen IN ('ja', 'deels', 'nee'))
);
CREATE INDEX client_experience_month ON client_experience (answered_in);

-- The link in the closing mail: its hash, per closed item, for the experience question only.
CREATE TABLE client_experience_invite (
    item_id     uuid PRIMARY KEY REFERENCES inbox_item (id),
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);
