// /calls: joint offers looking for partners, filtered by procurement and by what they lack (in
// the URL), each with "ask to join".
import { Checkbox, Fieldset, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { PartnerCallCard } from "./PartnerCallCard";
import { callFacets, lacks } from "./calls";
import "./offers.css";

const CallsDocument = graphql(`
  query PartnerCalls {
    partnerCalls(first: 50) {
      offerId
      lead {
        id
      }
      ...PartnerCallItem
    }
  }
`);

export function CallsPage() {
  const { t } = useTranslation();
  usePageTitle(t("offers.calls.heading"));
  const { me, loading, activeOrganisation: org } = useSession();
  const [params, setParams] = useSearchParams();
  const [{ data }] = useQuery({ query: CallsDocument, pause: !me });
  if (!me && !loading) return <SignInFirst />;
  if (!data) return <Spinner aria-label={t("common.loading")} />;
  const chosenNeed = params.get("need");
  const chosenLacks = params.getAll("lacks");
  const facets = callFacets(data.partnerCalls);
  const shown = data.partnerCalls.filter(
    (c) => (!chosenNeed || c.need?.id === chosenNeed) && chosenLacks.every((f) => lacks(c).includes(f)),
  );
  const enterprise = org && (org.kind === "WISE" || org.kind === "SUPPLIER") ? org : null;
  const setList = (name: string, values: string[]) => {
    const next = new URLSearchParams(params);
    next.delete(name);
    for (const v of values) next.append(name, v);
    setParams(next);
  };
  return (
    <div className="pipeline">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("offers.calls.heading")}
      </Heading>
      <Paragraph>{t("offers.calls.intro")}</Paragraph>
      <div className="pipeline__body">
        <aside aria-label={t("partners.filters")} className="facets">
          <Fieldset>
            <Fieldset.Legend>{t("offers.calls.byNeed")}</Fieldset.Legend>
            {facets.needs.map((n) => (
              <Checkbox
                key={n.id}
                label={
                  <>
                    <span lang={n.language}>{n.title}</span> ({n.count})
                  </>
                }
                checked={chosenNeed === n.id}
                onChange={(e) => setList("need", e.target.checked ? [n.id] : [])}
              />
            ))}
          </Fieldset>
          <Fieldset>
            <Fieldset.Legend>{t("offers.calls.byGap")}</Fieldset.Legend>
            {facets.lacks.map((f) => (
              <Checkbox
                key={f.value}
                label={`${t(`offers.factor.${f.value}`, { defaultValue: f.value })} (${f.count})`}
                checked={chosenLacks.includes(f.value)}
                onChange={(e) => setList("lacks", e.target.checked ? [...chosenLacks, f.value] : chosenLacks.filter((x) => x !== f.value))}
              />
            ))}
          </Fieldset>
        </aside>
        <section aria-labelledby="calls-results" className="pipeline__results">
          <Heading level={2} data-size="sm" id="calls-results">
            {t("partners.results")}
          </Heading>
          <p role="status" className="result-count">
            {t("offers.calls.found", { count: shown.length })}
          </p>
          {shown.length === 0 && <Paragraph>{t("offers.calls.none")}</Paragraph>}
          <ul className="offer-list" data-testid="calls">
            {shown.map((c) => (
              <li key={c.offerId}>
                <PartnerCallCard call={c} organisation={enterprise && !me?.memberships.some((m) => m.organisation.id === c.lead.id) ? enterprise : null} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
