// "Check before you do it" for a change that matters: the question, its consequence in words and
// a yes/cancel pair. The question takes focus when it appears, so it is read out at once.
import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

type Props = { question: string; consequence: string; yes: string; busy: boolean; onYes: () => void; onCancel: () => void };

export function CheckStep({ question, consequence, yes, busy, onYes, onCancel }: Props) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Alert data-color="warning" data-testid="offer-change-check">
      <Heading level={3} data-size="xs" ref={heading} tabIndex={-1}>
        {question}
      </Heading>
      <Paragraph>{consequence}</Paragraph>
      <div className="actions">
        <Button disabled={busy} onClick={onYes}>
          {yes}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("offers.status.cancel")}
        </Button>
      </div>
    </Alert>
  );
}
