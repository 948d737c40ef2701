// Ask the buyer a question, and follow "your questions": open ones only the buyer and your
// organisation see; an answer for everyone is published without naming who asked. Outside the
// dialogue's dates, or after the last day for questions, the form gives way to the reason.
import { Button, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime, formatDay, todayIso } from "../app/format";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { QuestionStatus } from "../gql/graphql";

const AskQuestionDocument = graphql(`
  mutation AskQuestion($input: AskQuestionInput!) {
    askQuestion(input: $input) {
      id
      status
    }
  }
`);

type Question = {
  id: string;
  status: QuestionStatus;
  question: string;
  answer?: string | null;
  answeredAt?: string | null;
  askedAt?: string | null;
  askingOrganisation?: { id: string; name: string } | null;
  privateReason?: string | null;
};

type Window = { open: boolean; opensOn?: string | null; closedOn?: string | null; lastDayForQuestions?: string | null };

type Props = {
  need: { id: string; language: string; questions: Question[]; dialogueWindow: Window };
  organisation: { id: string; name: string };
  onAsked: () => void;
};

/** Why questions cannot be asked today, in words; `null` when they can. */
function closedReason(w: Window, t: (key: string, vars?: Record<string, string>) => string, language: string): string | null {
  const today = todayIso();
  if (w.opensOn) return t("need.dialogueWindow.opensOn", { date: formatDay(w.opensOn, language) });
  if (w.closedOn) return t("need.dialogueWindow.closedOn", { date: formatDay(w.closedOn, language) });
  if (!w.open) return t("need.dialogueWindow.closedStatus");
  if (w.lastDayForQuestions && w.lastDayForQuestions < today) {
    return t("need.dialogueWindow.closedOn", { date: formatDay(w.lastDayForQuestions, language) });
  }
  return null;
}

export function AskQuestion({ need, organisation, onAsked }: Props) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState("");
  const [sent, setSent] = useState(false);
  const form = useFormErrors();
  const [{ fetching }, ask] = useMutation(AskQuestionDocument);
  const mine = need.questions.filter((q) => q.askingOrganisation?.id === organisation.id);
  const closed = closedReason(need.dialogueWindow, t, i18n.language);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSent(false);
    if (!text.trim()) return form.set([{ field: "question", message: t("errors.reason.REQUIRED") }]);
    const result = await ask({ input: { needId: need.id, organisationId: organisation.id, question: text } });
    if (form.accept(result.error)) {
      setText("");
      setSent(true);
      onAsked();
    }
  };
  return (
    <section aria-labelledby="ask-heading">
      <Heading level={3} data-size="sm" id="ask-heading">
        {t("participant.ask.heading")}
      </Heading>
      <Paragraph>{t("participant.ask.anonymous")}</Paragraph>
      {closed && <Paragraph data-testid="dialogue-closed">{closed}</Paragraph>}
      <ErrorSummary errors={form.errors} fieldIds={{ question: "ask-question" }} />
      {!closed && (
      <form className="stack narrow" onSubmit={onSubmit} noValidate>
        <Textfield
          id="ask-question"
          multiline
          rows={3}
          label={t("participant.ask.label")}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={form.field("question")}
        />
        <div className="actions">
          <Button type="submit" disabled={fetching}>
            {t("participant.ask.submit")}
          </Button>
          <span role="status">{sent ? t("participant.ask.sent") : ""}</span>
        </div>
      </form>
      )}
      <Heading level={4} data-size="xs">
        {t("participant.ask.yours")}
      </Heading>
      {mine.length === 0 && <Paragraph>{t("participant.ask.noneYet")}</Paragraph>}
      <ul className="qa-list" data-testid="your-questions">
        {mine.map((q) => (
          <li key={q.id}>
            <Tag data-color={q.status === "OPEN" ? "warning" : "success"} data-size="sm">
              {t(`participant.ask.status.${q.status}`)}
            </Tag>
            <Paragraph>{q.question}</Paragraph>
            {q.askedAt && (
              <Paragraph data-size="sm" className="muted">
                {t("participant.ask.askedAt", { when: formatDateTime(q.askedAt, i18n.language) })}
              </Paragraph>
            )}
            {q.answer && (
              <Paragraph lang={need.language}>
                <strong>{t("dialogue.qa.answer")}:</strong> {q.answer}
              </Paragraph>
            )}
            {q.privateReason && (
              <Paragraph data-size="sm" lang={need.language}>
                {t("participant.ask.privateReason", { reason: q.privateReason })}
              </Paragraph>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
