-- Sturing (bereikbaarheid): the first staff reaction to an item that is not the automatic receipt,
-- kept per item as the history is written, so the dashboard joins one row per item instead of
-- searching each item's history (a year of 200,000 items took seconds that way). The history stays
-- the source: this is its minimum, written by a trigger in the same transaction as the event.
CREATE TABLE insight_first_reaction (
    item_id    uuid        PRIMARY KEY REFERENCES inbox_item (id) ON DELETE CASCADE,
    reacted_at timestamptz NOT NULL
);

INSERT INTO insight_first_reaction (item_id, reacted_at)
SELECT item_id, min(occurred_at) FROM inbox_item_event
 WHERE actor_type = 'account' AND kind IN ('contact_gelegd', 'informatie_gevraagd', 'doorgezet', 'afgesloten')
 GROUP BY item_id;

CREATE FUNCTION insight_note_reaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insight_first_reaction (item_id, reacted_at) VALUES (NEW.item_id, NEW.occurred_at)
    ON CONFLICT (item_id) DO UPDATE SET reacted_at = LEAST(insight_first_reaction.reacted_at, EXCLUDED.reacted_at);
    RETURN NULL;
END
$$;

CREATE TRIGGER inbox_item_event_reaction AFTER INSERT ON inbox_item_event
    FOR EACH ROW WHEN (NEW.actor_type = 'account' AND NEW.kind IN ('contact_gelegd', 'informatie_gevraagd', 'doorgezet', 'afgesloten'))
    EXECUTE FUNCTION insight_note_reaction();
