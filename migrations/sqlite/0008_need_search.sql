-- Need search follows the database through the same outbox as partner search. A row with a
-- need_id says that need's search document may have changed (organisation_id is its buyer);
-- a row without one is about the organisation, as before.
ALTER TABLE search_outbox ADD COLUMN need_id INTEGER;
