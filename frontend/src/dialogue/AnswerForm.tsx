// Answering one question: published to everyone (in a wording the buyer may clean of anything
// that identifies the asker), with a preview of exactly what every supplier will see; or sent to
// the asker only, with the reason recorded.
import { Button, Card, Fieldset, Heading, Paragraph, Radio, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { useFormErrors } from "../account/useForm";
import { ErrorSummary } from "../app/ErrorSummary";
import { graphql } from "../gql";

const AnswerQuestionDocument = graphql(`
  mutation AnswerQuestion($input: AnswerQuestionInput!) {
    answerQuestion(input: $input) {
      id
      status
      publishedQuestion
      answer
      answeredAt
      publishedLate
      privateReason
    }
  }
`);

type Props = { question: { id: string; question: string }; language: string; onDone: () => void; onCancel: () => void };

export function AnswerForm({ question, language, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [published, setPublished] = useState(question.question);
  const [answer, setAnswer] = useState("");
  const [publish, setPublish] = useState(true);
  const [reason, setReason] = useState("");
  const [{ fetching }, send] = useMutation(AnswerQuestionDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await send({
      input: publish
        ? { questionId: question.id, answer, publish: true, publishedQuestion: published }
        : { questionId: question.id, answer, publish: false, privateReason: reason },
    });
    if (form.accept(result.error)) onDone();
  };
  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-labelledby="answer-heading">
      <Heading level={3} data-size="xs" id="answer-heading">
        {t("buyer.desk.answerHeading")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <Textfield id="answer" multiline rows={4} label={t("buyer.desk.answer")} lang={language} value={answer} onChange={(e) => setAnswer(e.target.value)} error={form.field("answer")} />
      <Fieldset>
        <Fieldset.Legend>{t("buyer.desk.who")}</Fieldset.Legend>
        <Radio name="publish" value="yes" label={t("buyer.desk.publish")} description={t("buyer.desk.publishHelp")} checked={publish} onChange={() => setPublish(true)} />
        <Radio name="publish" value="no" label={t("buyer.desk.private")} description={t("buyer.desk.privateHelp")} checked={!publish} onChange={() => setPublish(false)} />
      </Fieldset>
      {publish ? (
        <>
          <Textfield id="publishedQuestion" multiline rows={3} label={t("buyer.desk.publishedQuestion")} description={t("buyer.desk.publishedQuestionHelp")} lang={language} value={published} onChange={(e) => setPublished(e.target.value)} error={form.field("publishedQuestion")} />
          <Card data-color="neutral" data-testid="answer-preview" aria-labelledby="preview-title">
            <Heading level={4} data-size="2xs" id="preview-title">
              {t("buyer.desk.preview")}
            </Heading>
            <Paragraph data-size="sm">
              <strong>{t("dialogue.qa.question")}:</strong> <span lang={language}>{published}</span>
            </Paragraph>
            <Paragraph data-size="sm">
              <strong>{t("dialogue.qa.answer")}:</strong> <span lang={language}>{answer || "…"}</span>
            </Paragraph>
            <Paragraph data-size="sm" className="muted">
              {t("buyer.desk.previewNote")}
            </Paragraph>
          </Card>
        </>
      ) : (
        <Textfield id="privateReason" multiline rows={2} label={t("buyer.desk.reason")} description={t("buyer.desk.reasonHelp")} value={reason} onChange={(e) => setReason(e.target.value)} error={form.field("privateReason")} />
      )}
      <div className="row">
        <Button type="submit" disabled={fetching}>
          {publish ? t("buyer.desk.sendPublic") : t("buyer.desk.sendPrivate")}
        </Button>
        <Button type="button" variant="tertiary" onClick={onCancel}>
          {t("buyer.desk.cancel")}
        </Button>
      </div>
    </form>
  );
}
