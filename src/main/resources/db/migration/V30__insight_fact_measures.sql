-- Sturing, the first load of a period (BENCHMARKS.md, session 5): the facts carry what every KPI
-- used to compute per row.
--
-- * The four durations, the week of receipt and the month of closing are stored (generated
--   columns: PostgreSQL keeps them with every insert and update, so the triggers of V28 stay as
--   they are). Each is the very expression the queries computed per row before, so the medians and
--   p90s (percentile_cont over them) are the same to the last bit.
-- * kanaal and urgentie compare bytewise (COLLATE "C"): the duration KPIs sort the year by them
--   before grouping. Their codes are lowercase ASCII letters, so the order is the same as before.
-- * The covering index of V28 goes: it did not hold the stored durations, and every update of a
--   fact rewrote it (eight included columns). The duration KPIs now read the table and sort it by
--   kanaal and urgentie in memory (bytewise, above).
-- * fillfactor 90 leaves room on each page for an updated fact. Measured after the demo generator
--   (BENCHMARKS.md, 2026-12-03 17:33): only 20,679 of its 190,330 fact updates were HOT (they change
--   state, first_contact_at or closed_at, which indexes hold), so the table is still about half
--   dead space until autovacuum reuses it (99 MB with the new columns).
DROP INDEX insight_item_fact_kpi;

ALTER TABLE insight_item_fact SET (fillfactor = 90);

ALTER TABLE insight_item_fact
    ALTER COLUMN kanaal TYPE text COLLATE "C",
    ALTER COLUMN urgentie TYPE text COLLATE "C",
    -- Received → first contact, in hours.
    ADD COLUMN intake_uren double precision
        GENERATED ALWAYS AS (date_part('epoch', first_contact_at - received_at) / 3600) STORED,
    -- Received → the first staff reaction, in hours.
    ADD COLUMN reactie_uren double precision
        GENERATED ALWAYS AS (date_part('epoch', reacted_at - received_at) / 3600) STORED,
    -- First contact → support started, in days.
    ADD COLUMN ondersteuning_dagen double precision
        GENERATED ALWAYS AS (date_part('epoch', support_started_at - first_contact_at) / 86400) STORED,
    -- First contact → closed, in days.
    ADD COLUMN doorloop_dagen double precision
        GENERATED ALWAYS AS (date_part('epoch', closed_at - first_contact_at) / 86400) STORED,
    -- The Monday (Amsterdam time) of the week of receipt.
    ADD COLUMN ontvangen_week date
        GENERATED ALWAYS AS (date_trunc('week', received_at AT TIME ZONE 'Europe/Amsterdam')::date) STORED,
    -- The first day (Amsterdam time) of the month of closing.
    ADD COLUMN gesloten_maand date
        GENERATED ALWAYS AS (date_trunc('month', closed_at AT TIME ZONE 'Europe/Amsterdam')::date) STORED;
