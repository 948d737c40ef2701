-- A need records the language it is written in (`language` in its content: a BCP 47 tag, `sv`,
-- `nb`, `nn` or `en`). Needs written before get their buyer's: Swedish in Sweden, bokmål in
-- Norway, English elsewhere; every stored version too, so versions compare as they did.
UPDATE needs
SET content = jsonb_set(content::jsonb, '{language}', to_jsonb(
    CASE (SELECT o.country FROM organisations o WHERE o.id = needs.buyer_id)
        WHEN 'SE' THEN 'sv' WHEN 'NO' THEN 'nb' ELSE 'en' END))::text
WHERE content::jsonb -> 'language' IS NULL;

UPDATE need_versions
SET content = jsonb_set(content::jsonb, '{language}', to_jsonb(
    CASE (SELECT o.country FROM needs n JOIN organisations o ON o.id = n.buyer_id
          WHERE n.id = need_versions.need_id)
        WHEN 'SE' THEN 'sv' WHEN 'NO' THEN 'nb' ELSE 'en' END))::text
WHERE content::jsonb -> 'language' IS NULL;
