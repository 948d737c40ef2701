-- Joint offers: enterprises forming a consortium for a need's lots.
--
-- A joint offer is led by one organisation; the others are invited (or ask to join) and
-- accept. Each member states its contribution (JSON: lots, regions, capacity, CPV codes).
-- `lots` is a JSON array of lot numbers; [0] stands for a need without lots.
CREATE TABLE joint_offers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id         INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    lead_org        INTEGER NOT NULL REFERENCES organisations (id),
    status          TEXT NOT NULL CHECK (status IN ('FORMING', 'READY', 'SUBMITTED', 'WITHDRAWN', 'AWARDED', 'NOT_AWARDED')),
    lots            TEXT NOT NULL,
    pitch           TEXT NOT NULL,
    -- "Looking for partners": published while set.
    partner_call    TEXT,
    partner_call_at TEXT,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    -- Set once, when the buyer first sees the offer.
    submitted_at    TEXT
);
CREATE INDEX joint_offers_by_need ON joint_offers (need_id, id);
CREATE INDEX joint_offers_calling ON joint_offers (partner_call_at) WHERE partner_call IS NOT NULL;

CREATE TABLE joint_offer_members (
    offer_id        INTEGER NOT NULL REFERENCES joint_offers (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    role            TEXT NOT NULL CHECK (role IN ('LEAD', 'PARTNER', 'SUBCONTRACTOR')),
    state           TEXT NOT NULL CHECK (state IN ('INVITED', 'REQUESTED', 'ACCEPTED', 'DECLINED', 'REJECTED', 'LEFT')),
    contribution    TEXT NOT NULL,
    -- The member stands behind the offer as it is; cleared by every change to its composition.
    confirmed_at    TEXT,
    message         TEXT NOT NULL,
    added_by        INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (offer_id, organisation_id)
);
CREATE INDEX joint_offer_members_by_org ON joint_offer_members (organisation_id);

-- One row per accepted member and lot of an active offer. The partial unique index is the
-- competition rule itself: an organisation bids (as lead or partner) in at most one joint
-- offer per lot, however many join at the same moment; subcontractors may sit in several.
CREATE TABLE joint_offer_seats (
    offer_id        INTEGER NOT NULL REFERENCES joint_offers (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    need_id         INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    lot             INTEGER NOT NULL,
    bidding         INTEGER NOT NULL CHECK (bidding IN (0, 1)),
    PRIMARY KEY (offer_id, organisation_id, lot)
);
CREATE UNIQUE INDEX one_bid_per_lot ON joint_offer_seats (need_id, lot, organisation_id) WHERE bidding = 1;
CREATE INDEX joint_offer_seats_by_lot ON joint_offer_seats (need_id, lot, organisation_id);

-- Every change to a joint offer, in order: who did what, and the status after it.
CREATE TABLE joint_offer_changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    offer_id        INTEGER NOT NULL REFERENCES joint_offers (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations (id),
    status          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    changed_by      INTEGER NOT NULL REFERENCES users (id),
    changed_at      TEXT NOT NULL
);
CREATE INDEX joint_offer_changes_by_offer ON joint_offer_changes (offer_id, id);

-- A consortium thread belongs to one joint offer.
CREATE INDEX threads_by_consortium ON threads (consortium_id) WHERE consortium_id IS NOT NULL;
