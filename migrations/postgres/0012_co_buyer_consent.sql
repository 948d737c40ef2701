-- A buyer is named as co-buyer of a need only once its own admins accept. Until then the row is
-- a request (`accepted_at` NULL): not listed under the co-buyer, not in open data, no editing.
-- Co-buyers named before this migration never agreed, so they become requests too.
ALTER TABLE need_co_buyers ADD COLUMN requested_at TIMESTAMPTZ;
ALTER TABLE need_co_buyers ADD COLUMN accepted_at TIMESTAMPTZ;
UPDATE need_co_buyers SET requested_at = (SELECT n.created_at FROM needs n WHERE n.id = need_co_buyers.need_id);
