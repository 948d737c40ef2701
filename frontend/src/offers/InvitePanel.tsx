// The lead invites partners: found by a search here, or picked from the coverage panel's
// suggestions. The role and the message are chosen once for the next invitation.
import { Button, Field, Heading, Label, Paragraph, Search, Select, Tag, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { useRegionName } from "../app/reference";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { JointOfferRole } from "../gql/graphql";
import { VerifiedLabel } from "../partners/VerifiedLabel";
import { useInvite } from "./invite";

const InviteSearchDocument = graphql(`
  query InviteSearch($query: String!) {
    searchPartners(query: $query, first: 10) {
      matches {
        organisation {
          id
          name
          kind
          verified
          region
          country
          profile {
            reservedContractEligible
          }
        }
      }
    }
  }
`);

type Props = { offerId: string; taken: string[]; onInvited: (name: string) => void };

export function InvitePanel({ offerId, taken, onInvited }: Props) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const [text, setText] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const [role, setRole] = useState<JointOfferRole>("PARTNER");
  const [message, setMessage] = useState("");
  const form = useFormErrors();
  const [{ fetching }, invite] = useInvite();
  const [{ data }] = useQuery({ query: InviteSearchDocument, variables: { query: query ?? "" }, pause: query === null });
  const onInvite = async (organisationId: string, name: string) => {
    const result = await invite({ offerId, organisationId, role, message });
    if (form.accept(result.error)) {
      setMessage("");
      onInvited(name);
    }
  };
  const matches = (data?.searchPartners.matches ?? []).filter((m) => m.organisation.kind !== "MUNICIPALITY");
  return (
    <section aria-labelledby="invite-heading">
      <Heading level={2} data-size="md" id="invite-heading">
        {t("offers.invite.heading")}
      </Heading>
      <Paragraph className="muted">{t("offers.invite.intro")}</Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={{ message: "invite-message" }} />
      <div className="two-columns">
        <Field>
          <Label htmlFor="invite-role">{t("offers.invite.role")}</Label>
          <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as JointOfferRole)}>
            {(["PARTNER", "SUBCONTRACTOR"] as const).map((r) => (
              <Select.Option key={r} value={r}>
                {t(`offers.role.${r}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Textfield
          id="invite-message"
          multiline
          rows={2}
          label={t("offers.invite.message")}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          error={form.field("message")}
        />
      </div>
      <form
        role="search"
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(text.trim());
        }}
      >
        <Search>
          <Search.Input aria-label={t("offers.invite.searchLabel")} value={text} onChange={(e) => setText(e.target.value)} />
          <Search.Clear aria-label={t("common.clear")} onClick={() => setText("")} />
          <Search.Button>{t("common.search")}</Search.Button>
        </Search>
      </form>
      {query !== null && (
        <p role="status" className="result-count">
          {data ? t("offers.invite.found", { count: matches.length }) : ""}
        </p>
      )}
      <ul className="partner-picks" data-testid="invite-results">
        {matches.map(({ organisation: o }) => (
          <li key={o.id}>
            <strong>{o.name}</strong> · {t(`organisationKind.${o.kind}`)} ·{" "}
            {o.region ? regionName(o.region) : t(`country.${o.country}`)} <VerifiedLabel verified={o.verified} />{" "}
            {o.profile?.reservedContractEligible && (
              <Tag data-color="brand1" data-size="sm">
                {t("partners.reservedEligible")}
              </Tag>
            )}{" "}
            {taken.includes(o.id) ? (
              <span className="muted">{t("offers.invite.alreadyIn")}</span>
            ) : (
              <Button variant="secondary" data-size="sm" disabled={fetching} onClick={() => onInvite(o.id, o.name)}>
                {t("offers.invite.button", { name: o.name })}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
