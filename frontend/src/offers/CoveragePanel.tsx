// Per lot: what the buyer asks against what the members bring, the gaps in words, who could
// fill them, each member's standing for a reserved lot and the competition-law reading. It
// follows the offer live: a member changing its contribution changes this panel.
import { Alert, Button, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDay, formatNumber } from "../app/format";
import { useRegionName } from "../app/reference";
import { graphql } from "../gql";
import type { OfferCoverageFragment } from "../gql/graphql";
import { gapText, otherWarnings, sentence, shareReasons } from "./coverage";
import { MatchReasons } from "./MatchReasons";

export const OfferCoverageFragmentDoc = graphql(`
  fragment OfferCoverage on JointOffer {
    id
    viewerLeads
    viewerIsMember
    need {
      id
      language
    }
    members {
      organisation {
        id
      }
      state
    }
    coverage {
      lot
      title
      cpv
      cpvCovered
      region
      regionCovered
      measure
      required
      covered
      reserved
      reservedCovered
      gaps {
        factor
        explanation
      }
      complementaryPartners(first: 3) {
        organisation {
          id
          name
        }
        score
        reasons {
          ...MatchReasonFields
        }
      }
      reservedShares {
        organisation {
          id
          name
        }
        verified
        integrationMainAim
        targetGroupStaffPercent
        measuredOn
        qualifies
      }
      competition {
        clearlyFine
        capableAlone {
          id
          name
        }
      }
    }
    warnings
  }
`);

type Lot = OfferCoverageFragment["coverage"][number];

type Props = { offer: OfferCoverageFragment; onInvite?: (organisationId: string, name: string) => void };

export function CoveragePanel({ offer, onInvite }: Props) {
  const { t } = useTranslation();
  const extra = otherWarnings(offer.warnings);
  return (
    <section aria-labelledby="coverage-heading" data-testid="coverage-panel">
      <Heading level={2} data-size="md" id="coverage-heading">
        {t("offers.coverage.heading")}
      </Heading>
      <Paragraph className="muted">{t("offers.coverage.intro")}</Paragraph>
      <ul className="coverage-lots">
        {offer.coverage.map((lot) => (
          <CoverageLot key={lot.lot ?? 0} lot={lot} offer={offer} onInvite={onInvite} />
        ))}
      </ul>
      {extra.length > 0 && (
        <Alert data-color="warning">
          <Heading level={3} data-size="2xs">
            {t("offers.coverage.warningsInEnglish")}
          </Heading>
          <ul lang="en">
            {extra.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
    </section>
  );
}

function CoverageLot({ lot, offer, onInvite }: { lot: Lot; offer: OfferCoverageFragment; onInvite?: Props["onInvite"] }) {
  const { t, i18n } = useTranslation();
  const regionName = useRegionName();
  const number = (n: number) => formatNumber(n, i18n.language);
  const covered = lot.gaps.length === 0;
  const headingId = `coverage-lot-${lot.lot ?? 0}`;
  const taken = offer.members.filter((m) => m.state !== "DECLINED" && m.state !== "LEFT").map((m) => m.organisation.id);
  return (
    <li className="coverage-lot" data-covered={covered}>
      <Heading level={3} data-size="xs" id={headingId}>
        {lot.lot != null ? t("offers.coverage.lot", { lot: lot.lot }) : t("offers.coverage.wholeNeed")}
        {lot.title && (
          <>
            {": "}
            <span lang={offer.need?.language}>{lot.title}</span>
          </>
        )}{" "}
        {lot.reserved && (
          <Tag data-color="brand1" data-size="sm">
            {t("offers.coverage.reserved")}
          </Tag>
        )}
      </Heading>
      <Paragraph role="status" data-testid={`coverage-status-${lot.lot ?? 0}`}>
        <strong>{covered ? t("offers.coverage.covered") : t("offers.coverage.gaps", { count: lot.gaps.length })}</strong>
        {lot.required != null && lot.measure && (
          <>
            {" · "}
            {t(`offers.coverage.amount_${lot.measure}`, {
              covered: number(lot.covered ?? 0),
              required: number(lot.required),
            })}
          </>
        )}
      </Paragraph>
      <Paragraph data-size="sm" data-testid={`coverage-asks-${lot.lot ?? 0}`}>
        {t(lot.cpvCovered ? "offers.coverage.cpvMet" : "offers.coverage.cpvNotMet", { cpv: lot.cpv })}
        {lot.region &&
          ` · ${t(lot.regionCovered ? "offers.coverage.regionMet" : "offers.coverage.regionNotMet", { region: regionName(lot.region) })}`}
      </Paragraph>
      {!covered && (
        <ul className="gap-list">
          {lot.gaps.map((gap) => {
            const text = gapText(gap, lot, t, regionName, number);
            return (
              <li key={gap.factor} lang={text.lang}>
                {text.text}
              </li>
            );
          })}
        </ul>
      )}
      <Paragraph data-size="sm">
        {lot.competition.clearlyFine
          ? t("offers.coverage.competitionFine")
          : t("offers.coverage.competitionAlone", { names: lot.competition.capableAlone.map((o) => o.name).join(", ") })}
      </Paragraph>
      {lot.reserved && lot.reservedShares.length > 0 && (
        <ul aria-label={t("offers.coverage.standing")}>
          {lot.reservedShares.map((s) => (
            <li key={s.organisation.id}>
              {s.organisation.name}
              {s.measuredOn && ` ${t("offers.share.measured", { date: formatDay(s.measuredOn, i18n.language) })}`}:
              {/* Each reason its own line, starting as a sentence: the catalogue words follow the name. */}
              <ul>
                {shareReasons(s).map((r) => (
                  <li key={r}>{sentence(t(`offers.share.${r}`, { percent: s.targetGroupStaffPercent ?? 0 }))}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {!covered && lot.complementaryPartners.length > 0 && (
        <>
          <Heading level={4} data-size="2xs">
            {t("offers.coverage.whoCouldFill")}
          </Heading>
          <ul className="partner-picks">
            {lot.complementaryPartners.map((p) => (
              <li key={p.organisation.id}>
                <span>{p.organisation.name}</span>
                <MatchReasons reasons={p.reasons} label={t("offers.whyFits", { name: p.organisation.name })} />
                {onInvite && offer.viewerLeads && !taken.includes(p.organisation.id) && (
                  <Button variant="secondary" data-size="sm" onClick={() => onInvite(p.organisation.id, p.organisation.name)}>
                    {t("offers.invite.button", { name: p.organisation.name })}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}
