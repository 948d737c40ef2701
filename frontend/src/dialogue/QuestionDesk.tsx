// The buyer's side of the questions: those waiting for an answer first (oldest first), then the
// answered ones. The asker is shown to the buyer only; what is published never names them.
// Past the last day answers reach every supplier in time (Sweden: 6 days before the tender
// deadline) the desk says so before the buyer publishes, and marks answers published late.
import { Alert, Button, Card, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDay, todayIso } from "../app/format";
import { graphql } from "../gql";
import type { QuestionDeskFragment } from "../gql/graphql";
import { AnswerForm } from "./AnswerForm";

export const QuestionDeskFragmentDoc = graphql(`
  fragment QuestionDesk on Need {
    id
    language
    dates {
      tenderDeadline
    }
    dialogueWindow {
      lastDayForAnswers
    }
    questions {
      ...DeskQuestion
    }
  }
`);

/** A question as the desk shows it; live events select the same, so the cache stays whole. */
export const DeskQuestionFragmentDoc = graphql(`
  fragment DeskQuestion on Question {
    id
    status
    question
    publishedQuestion
    answer
    answeredAt
    publishedLate
    askedAt
    privateReason
    askingOrganisation {
      id
      name
    }
  }
`);

type Question = QuestionDeskFragment["questions"][number];

/** Waiting questions first, oldest first; then answered ones, newest answer first. */
export function deskOrder(questions: Question[]): Question[] {
  const waiting = questions.filter((q) => q.status === "OPEN").sort((a, b) => (a.askedAt ?? "").localeCompare(b.askedAt ?? ""));
  const answered = questions.filter((q) => q.status !== "OPEN").sort((a, b) => (b.answeredAt ?? "").localeCompare(a.answeredAt ?? ""));
  return [...waiting, ...answered];
}

export function QuestionDesk({ need }: { need: QuestionDeskFragment }) {
  const { t, i18n } = useTranslation();
  const [answering, setAnswering] = useState<string | null>(null);
  const waiting = need.questions.filter((q) => q.status === "OPEN").length;
  const lastDay = need.dialogueWindow.lastDayForAnswers;
  const late = lastDay != null && todayIso() > lastDay;
  const day = (v: string | null | undefined) => (v ? formatDay(v, i18n.language) : "");
  return (
    <section aria-labelledby="desk-questions-heading">
      <Heading level={2} data-size="md" id="desk-questions-heading">
        {t("buyer.desk.questions", { count: waiting })}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("buyer.desk.equalTreatment")}
      </Paragraph>
      {late && waiting > 0 && (
        <Alert data-color="warning" data-testid="late-answers">
          {t("need.dialogueWindow.lateWarning", { date: day(lastDay), deadline: day(need.dates.tenderDeadline) })}
        </Alert>
      )}
      {need.questions.length === 0 && <Paragraph>{t("buyer.desk.noQuestions")}</Paragraph>}
      <ol className="desk-list" data-testid="desk-questions">
        {deskOrder(need.questions).map((q) => (
          <li key={q.id}>
            <Card data-color={q.status === "OPEN" ? "accent" : "neutral"}>
              <Tag data-size="sm" data-color={q.status === "OPEN" ? "warning" : "neutral"}>
                {t(`buyer.desk.status.${q.status}`)}
              </Tag>
              <Paragraph lang={need.language}>{q.question}</Paragraph>
              <Paragraph data-size="sm" className="muted">
                {t("buyer.desk.askedBy", { organisation: q.askingOrganisation?.name ?? "–", when: q.askedAt ? formatDateTime(q.askedAt, i18n.language) : "–" })}
              </Paragraph>
              {q.answer && (
                <Paragraph lang={need.language}>
                  <strong>{t("dialogue.qa.answer")}:</strong> {q.answer}
                </Paragraph>
              )}
              {q.privateReason && <Paragraph data-size="sm">{t("buyer.desk.privateBecause", { reason: q.privateReason })}</Paragraph>}
              {q.publishedLate && (
                <Paragraph data-size="sm" data-testid="published-late">
                  {t("need.dialogueWindow.publishedLate", { date: day(lastDay) })}
                </Paragraph>
              )}
              {q.status === "OPEN" &&
                (answering === q.id ? (
                  <AnswerForm question={q} language={need.language} onDone={() => setAnswering(null)} onCancel={() => setAnswering(null)} />
                ) : (
                  <div>
                    <Button variant="secondary" onClick={() => setAnswering(q.id)}>
                      {t("buyer.desk.answerThis")}
                    </Button>
                  </div>
                ))}
            </Card>
          </li>
        ))}
      </ol>
    </section>
  );
}
