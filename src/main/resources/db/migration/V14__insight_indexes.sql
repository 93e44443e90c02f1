-- Sturing (KPIs): the dashboard aggregates over a period of received or closed items, and the
-- first staff reaction from the history. These indexes let each aggregate read only its period.
CREATE INDEX inbox_item_received ON inbox_item (received_at);
CREATE INDEX inbox_item_closed_at ON inbox_item (closed_at) WHERE closed_at IS NOT NULL;
-- The first reaction to a resident or melder that is not the automatic receipt (bereikbaarheid).
CREATE INDEX inbox_item_event_reaction ON inbox_item_event (item_id, occurred_at)
    WHERE actor_type = 'account' AND kind IN ('contact_gelegd', 'informatie_gevraagd', 'doorgezet', 'afgesloten');
