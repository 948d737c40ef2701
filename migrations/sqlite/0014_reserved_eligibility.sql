-- Reserved-contract eligibility (Art. 20) rests on what an administrator verified, and is a fact
-- as of the day an offer is submitted.
--
-- The WISE figures (share of staff from target groups, and when it was measured) the
-- administrator saw when verifying: a profile that states other figures is not eligible until
-- an administrator verifies again.
ALTER TABLE organisations ADD COLUMN verified_wise_share INTEGER;
ALTER TABLE organisations ADD COLUMN verified_wise_measured_on TEXT;
-- When a verified WISE stated other figures than the verified ones: it is back in the
-- verification queue until an administrator verifies it again.
ALTER TABLE organisations ADD COLUMN wise_figures_changed_at TEXT;
-- Each member's eligibility on the day the offer was submitted (JSON), which the buyer reads.
ALTER TABLE joint_offer_members ADD COLUMN eligibility_at_submission TEXT;

-- Organisations verified before now were verified with the figures their profiles state now.
UPDATE organisations
SET verified_wise_share = (
        SELECT json_extract(p.content, '$.wise.targetGroupStaffPercent')
        FROM profiles p WHERE p.organisation_id = organisations.id),
    verified_wise_measured_on = (
        SELECT json_extract(p.content, '$.wise.measuredOn')
        FROM profiles p WHERE p.organisation_id = organisations.id)
WHERE verified_at IS NOT NULL;
