-- Sturing, the first load of a period (BENCHMARKS.md, session 7): the KPIs read the facts already
-- in the order of their groups, and the medians and p90s their values already sorted.
--
-- Measured on a generated year (200,000 items, backend CPU time per query): most of a duration KPI
-- was sorting, first the year's facts by kanaal (and urgentie), then inside percentile_cont each
-- group's values, once per group and once for the total. A btree in (kanaal[, urgentie], duration)
-- order that holds every column the query reads gives PostgreSQL the rows grouped and each group's
-- values sorted (an index-only scan, then a GroupAggregate without a Sort node): percentile_cont
-- still puts its values into a tuplesort, but finds them in order and does not sort them again.
-- Only the total's values (all groups together) are still sorted. Same rows, same doubles, same
-- interpolation: the figures are identical (checked on the generated year with and without the
-- indexes, all wijken and two, to the last digit). Intake 290 → 100 ms, ondersteuning 170 → 75,
-- doorlooptijd 130 → 45, bereikbaarheid 150 → 50 ms of CPU.
--
-- The inflow and effectiviteit count, no percentiles: there the cost was hashing every fact into
-- the groups' hash tables (instroom four of them). Read from an index in their groups' order, the
-- facts arrive grouped: instroom first counts per (week, kanaal, vindplek, wijk, gevonden) as the
-- index gives them and then sums those few thousand rows per grouping set; leefgebied counts per
-- set of leefgebieden before unnesting the ~200 sets; effectiviteit counts per (month, route).
-- Instroom 130 → 75, leefgebied 130 → 70, effectiviteit 75 → 35 ms of CPU, the same counts.
--
-- Each index holds the facts its KPI counts (the partial ones as the query's condition), so it
-- stays small; a new or changed fact writes these seven entries too. The dashboard plans with
-- random_page_cost 1.1 (Sturing: the facts and these indexes are in memory), at which PostgreSQL
-- chooses them.

-- Wachttijd intake: received → first contact per kanaal and urgentie (received in the period).
CREATE INDEX insight_item_fact_intake ON insight_item_fact (kanaal, urgentie, intake_uren)
    INCLUDE (received_at, team, first_contact_at, due_at, state);

-- Bereikbaarheid: received → first reaction per kanaal, for aanmelding and signaal.
CREATE INDEX insight_item_fact_reactie ON insight_item_fact (kanaal, reactie_uren)
    INCLUDE (received_at, team, reacted_at)
    WHERE kanaal IN ('aanmelding', 'signaal');

-- Wachttijd ondersteuning: first contact → support started per kanaal (first contact in the period).
CREATE INDEX insight_item_fact_ondersteuning ON insight_item_fact (kanaal, ondersteuning_dagen)
    INCLUDE (first_contact_at, team, support_started_at, state)
    WHERE first_contact_at IS NOT NULL;

-- Doorlooptijd: first contact → closed per kanaal (closed in the period).
CREATE INDEX insight_item_fact_doorloop ON insight_item_fact (kanaal, doorloop_dagen)
    INCLUDE (closed_at, team, first_contact_at)
    WHERE state = 'afgesloten';

-- Instroom: per week and kanaal, vindplek, wijk and gevonden via (received in the period).
CREATE INDEX insight_item_fact_instroom ON insight_item_fact (ontvangen_week, kanaal, vindplek, wijk, gevonden)
    INCLUDE (received_at, team);

-- Instroom per leefgebied (received in the period), per set of leefgebieden.
CREATE INDEX insight_item_fact_leefgebieden ON insight_item_fact (leefgebieden)
    INCLUDE (received_at, team);

-- Effectiviteit: the route at closing per month of closing (closed in the period).
CREATE INDEX insight_item_fact_route ON insight_item_fact (gesloten_maand, route)
    INCLUDE (closed_at, team)
    WHERE state = 'afgesloten' AND route IS NOT NULL;
