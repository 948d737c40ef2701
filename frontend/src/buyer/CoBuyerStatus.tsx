// Who buys together with us, for the buyer side: the co-buyers that accepted (named everywhere)
// apart from those still asked (named nowhere else until their own admins accept).
import { Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { graphql } from "../gql";
import type { CoBuyerStatusFragment } from "../gql/graphql";

export const CoBuyerStatusFragmentDoc = graphql(`
  fragment CoBuyerStatus on Need {
    coBuyers {
      id
      name
    }
    pendingCoBuyers {
      id
      name
    }
  }
`);

export function CoBuyerStatus({ need }: { need: CoBuyerStatusFragment }) {
  const { t } = useTranslation();
  if (need.coBuyers.length === 0 && need.pendingCoBuyers.length === 0) return null;
  return (
    <div data-testid="co-buyer-status">
      {need.coBuyers.length > 0 && (
        <Paragraph>{t("buyer.coBuyers.together", { names: need.coBuyers.map((c) => c.name).join(", ") })}</Paragraph>
      )}
      {need.pendingCoBuyers.length > 0 && (
        <ul className="co-buyer-status__waiting">
          {need.pendingCoBuyers.map((c) => (
            <li key={c.id}>
              <Paragraph data-size="sm">{t("buyer.coBuyers.waiting", { organisation: c.name })}</Paragraph>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
