// The published questions and answers: what every supplier learns alike. Nobody who asked is
// ever named here.
import { Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";
import type { QuestionsAndAnswersFragment } from "../gql/graphql";

export const QuestionsAndAnswersFragmentDoc = graphql(`
  fragment QuestionsAndAnswers on Need {
    language
    questionsAndAnswers {
      id
      publishedQuestion
      answer
      answeredAt
    }
  }
`);

export function QuestionsAndAnswers({ need }: { need: QuestionsAndAnswersFragment }) {
  const { t, i18n } = useTranslation();
  const items = need.questionsAndAnswers;
  return (
    <section aria-labelledby="qa-heading">
      <Heading level={2} data-size="md" id="qa-heading">
        {t("dialogue.qa.heading")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("dialogue.qa.equalTreatment")}
      </Paragraph>
      {items.length === 0 && <Paragraph>{t("dialogue.qa.none")}</Paragraph>}
      <ol className="qa-list" aria-live="polite" data-testid="qa-list">
        {items.map((q) => (
          <li key={q.id}>
            <Card data-color="neutral">
              <Heading level={3} data-size="2xs">
                {t("dialogue.qa.question")}
              </Heading>
              <Paragraph lang={need.language}>{q.publishedQuestion}</Paragraph>
              <Heading level={3} data-size="2xs">
                {t("dialogue.qa.answer")}
              </Heading>
              <Paragraph lang={need.language}>{q.answer}</Paragraph>
              {q.answeredAt && (
                <Paragraph data-size="sm" className="muted">
                  {t("dialogue.qa.answeredAt", { when: formatDateTime(q.answeredAt, i18n.language) })}
                </Paragraph>
              )}
            </Card>
          </li>
        ))}
      </ol>
    </section>
  );
}
