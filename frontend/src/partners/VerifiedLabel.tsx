// Every organisation shown anywhere says whether an administrator has checked it.
import { Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

export function VerifiedLabel({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  return verified ? (
    <Tag data-color="success" data-size="sm">
      {t("organisation.verified")}
    </Tag>
  ) : (
    <Tag data-color="warning" data-size="sm">
      {t("organisation.unverified")}
    </Tag>
  );
}
