-- Staff search in what came in (the inbox's text filter): a trigram index on the submission,
-- so a search does not read every item's personal data.
CREATE INDEX inbox_item_person_text ON inbox_item_person USING gin ((inhoud::text) gin_trgm_ops);
