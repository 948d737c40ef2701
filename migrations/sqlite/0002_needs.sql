-- Announced needs (planning notices), their history, interest, saved searches and
-- notifications, plus the CPV reference list.

-- Common Procurement Vocabulary, 8 digits without the check digit. The product ships the 45
-- divisions; `samspill import cpv FILE` loads the full list.
CREATE TABLE cpv_codes (
    code  TEXT PRIMARY KEY CHECK (length(code) = 8),
    label TEXT NOT NULL
);
INSERT INTO cpv_codes (code, label) VALUES
    ('03000000', 'Agricultural, farming, fishing, forestry and related products'),
    ('09000000', 'Petroleum products, fuel, electricity and other sources of energy'),
    ('14000000', 'Mining, basic metals and related products'),
    ('15000000', 'Food, beverages, tobacco and related products'),
    ('16000000', 'Agricultural machinery'),
    ('18000000', 'Clothing, footwear, luggage articles and accessories'),
    ('19000000', 'Leather and textile fabrics, plastic and rubber materials'),
    ('22000000', 'Printed matter and related products'),
    ('24000000', 'Chemical products'),
    ('30000000', 'Office and computing machinery, equipment and supplies except furniture and software packages'),
    ('31000000', 'Electrical machinery, apparatus, equipment and consumables; lighting'),
    ('32000000', 'Radio, television, communication, telecommunication and related equipment'),
    ('33000000', 'Medical equipments, pharmaceuticals and personal care products'),
    ('34000000', 'Transport equipment and auxiliary products to transportation'),
    ('35000000', 'Security, fire-fighting, police and defence equipment'),
    ('37000000', 'Musical instruments, sport goods, games, toys, handicraft, art materials and accessories'),
    ('38000000', 'Laboratory, optical and precision equipments (excl. glasses)'),
    ('39000000', 'Furniture (incl. office furniture), furnishings, domestic appliances (excl. lighting) and cleaning products'),
    ('41000000', 'Collected and purified water'),
    ('42000000', 'Industrial machinery'),
    ('43000000', 'Machinery for mining, quarrying, construction equipment'),
    ('44000000', 'Construction structures and materials; auxiliary products to construction (except electric apparatus)'),
    ('45000000', 'Construction work'),
    ('48000000', 'Software package and information systems'),
    ('50000000', 'Repair and maintenance services'),
    ('51000000', 'Installation services (except software)'),
    ('55000000', 'Hotel, restaurant and retail trade services'),
    ('60000000', 'Transport services (excl. Waste transport)'),
    ('63000000', 'Supporting and auxiliary transport services; travel agencies services'),
    ('64000000', 'Postal and telecommunications services'),
    ('65000000', 'Public utilities'),
    ('66000000', 'Financial and insurance services'),
    ('70000000', 'Real estate services'),
    ('71000000', 'Architectural, construction, engineering and inspection services'),
    ('72000000', 'IT services: consulting, software development, Internet and support'),
    ('73000000', 'Research and development services and related consultancy services'),
    ('75000000', 'Administration, defence and social security services'),
    ('76000000', 'Services related to the oil and gas industry'),
    ('77000000', 'Agricultural, forestry, horticultural, aquacultural and apicultural services'),
    ('79000000', 'Business services: law, marketing, consulting, recruitment, printing and security'),
    ('80000000', 'Education and training services'),
    ('85000000', 'Health and social work services'),
    ('90000000', 'Sewage, refuse, cleaning and environmental services'),
    ('92000000', 'Recreational, cultural and sporting services'),
    ('98000000', 'Other community, social and personal services');

-- A need's editable content is one JSON document (versioned whole in need_versions); the
-- columns after `content` are derived from it on every write, for filtering and ordering.
CREATE TABLE needs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    buyer_id           INTEGER NOT NULL REFERENCES organisations (id),
    status             TEXT NOT NULL CHECK (status IN ('DRAFT', 'ANNOUNCED', 'IN_DIALOGUE', 'TENDERING', 'AWARDED', 'CLOSED', 'WITHDRAWN', 'CANCELLED')),
    -- Increases with every change of content or status; clients send it back to edit safely.
    revision           INTEGER NOT NULL,
    -- The published version: 0 while a draft, 1 when announced, +1 for each later edit.
    version            INTEGER NOT NULL,
    content            TEXT NOT NULL,
    title              TEXT NOT NULL,
    country            TEXT NOT NULL,
    nuts_code          TEXT,
    reserved           TEXT NOT NULL CHECK (reserved IN ('none', 'res-ws', 'res-pub-ser')),
    reserved_any       INTEGER NOT NULL,
    social             INTEGER NOT NULL,
    innovative         INTEGER NOT NULL,
    green              INTEGER NOT NULL,
    sme_suitable       INTEGER NOT NULL,
    expected_tender_on TEXT,
    value_sort         INTEGER,
    search_text        TEXT NOT NULL,
    listed_at          TEXT NOT NULL,
    announced_at       TEXT,
    created_by         INTEGER NOT NULL REFERENCES users (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX needs_by_listing ON needs (listed_at, id);
CREATE INDEX needs_by_buyer ON needs (buyer_id);
CREATE INDEX needs_by_status ON needs (status);

-- Every CPV code of a need (main, additional, lots), for "85000000 finds 85312320".
CREATE TABLE need_cpv (
    need_id INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    code    TEXT NOT NULL,
    PRIMARY KEY (need_id, code)
);
CREATE INDEX need_cpv_by_code ON need_cpv (code);

-- Joint procurement: other buyers that share the need and may edit it.
CREATE TABLE need_co_buyers (
    need_id         INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (need_id, organisation_id)
);
CREATE INDEX need_co_buyers_by_organisation ON need_co_buyers (organisation_id);

-- Each published version's content, so everyone can see what changed and when.
CREATE TABLE need_versions (
    need_id   INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    content   TEXT NOT NULL,
    edited_by INTEGER NOT NULL REFERENCES users (id),
    edited_at TEXT NOT NULL,
    PRIMARY KEY (need_id, version)
);

CREATE TABLE need_transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id     INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    changed_by  INTEGER NOT NULL REFERENCES users (id),
    changed_at  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX need_transitions_by_need ON need_transitions (need_id, id);

-- An organisation's interest in a need; `lots` is a JSON array of lot numbers (empty: all).
CREATE TABLE need_interests (
    need_id         INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    lots            TEXT NOT NULL,
    marked_by       INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    PRIMARY KEY (need_id, organisation_id)
);
CREATE INDEX need_interests_by_organisation ON need_interests (organisation_id);

CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    filter     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX saved_searches_by_user ON saved_searches (user_id);

-- In-app notifications. `dedupe_key` makes each alert exactly-once per cause
-- (for example one saved search, one need, one revision).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    need_id    INTEGER REFERENCES needs (id) ON DELETE CASCADE,
    message    TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
