// An organisation's people: invite by e-mail (a link to pass on, shown once), change roles,
// remove, and leave.
import { Alert, Button, Field, Heading, Label, Paragraph, Select, Table, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";
import { useFormErrors } from "./useForm";
import { ScrollTable } from "../app/ScrollTable";

const MembersDocument = graphql(`
  query Members($id: ID!) {
    organisation(id: $id) {
      id
      name
      viewerRole
      members(first: 100) {
        nodes {
          role
          joinedAt
          user {
            id
            name
            email
          }
        }
      }
      invitations {
        id
        email
        role
        expiresAt
      }
    }
  }
`);

const InviteDocument = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      acceptUrl
      invitation {
        id
        email
        role
        expiresAt
      }
    }
  }
`);

const ChangeRoleDocument = graphql(`
  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) {
      role
      user {
        id
      }
    }
  }
`);

const LeaveDocument = graphql(`
  mutation LeaveOrganisation($organisationId: ID!) {
    leaveOrganisation(organisationId: $organisationId)
  }
`);

const ROLES: Role[] = ["ADMIN", "MEMBER"];

export function MembersPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [{ data }, refetch] = useQuery({ query: MembersDocument, variables: { id } });
  const org = data?.organisation;
  usePageTitle(t("members.title", { name: org?.name ?? "" }));
  if (!org) return null;
  const isAdmin = org.viewerRole === "ADMIN";
  return (
    <div>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("members.title", { name: org.name })}
      </Heading>
      {isAdmin && <InviteForm organisationId={org.id} onInvited={() => refetch({ requestPolicy: "network-only" })} />}
      <MemberTable organisationId={org.id} members={org.members.nodes} canChange={isAdmin} />
      {isAdmin && org.invitations.length > 0 && (
        <section aria-labelledby="pending-heading">
          <Heading level={2} data-size="sm" id="pending-heading">
            {t("members.pending")}
          </Heading>
          <ul>
            {org.invitations.map((i) => (
              <li key={i.id}>
                {i.email} · {t(`role.${i.role}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <LeaveButton organisationId={org.id} />
    </div>
  );
}

function InviteForm({ organisationId, onInvited }: { organisationId: string; onInvited: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const [link, setLink] = useState<string | null>(null);
  const form = useFormErrors();
  const [{ fetching }, invite] = useMutation(InviteDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await invite({ input: { organisationId, email, role } });
    if (form.accept(result.error) && result.data) {
      setLink(result.data.inviteMember.acceptUrl);
      setEmail("");
      onInvited();
    }
  };
  return (
    <section aria-labelledby="invite-heading" className="narrow">
      <Heading level={2} data-size="sm" id="invite-heading">
        {t("members.invite.heading")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <form onSubmit={onSubmit} className="stack" noValidate>
        <Textfield id="email" type="email" label={t("account.email")} value={email} onChange={(e) => setEmail(e.target.value)} error={form.field("email")} />
        <Field>
          <Label htmlFor="invite-role">{t("members.role")}</Label>
          <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <Select.Option key={r} value={r}>
                {t(`role.${r}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={fetching}>
          {t("members.invite.submit")}
        </Button>
      </form>
      {link && (
        <Alert data-color="success">
          <Paragraph>{t("members.invite.linkHelp")}</Paragraph>
          <Textfield id="invite-link" label={t("members.invite.link")} readOnly value={link} data-testid="invite-link" />
          <Button variant="secondary" data-size="sm" onClick={() => void navigator.clipboard?.writeText(link)}>
            {t("members.invite.copy")}
          </Button>
        </Alert>
      )}
    </section>
  );
}

type Member = { role: Role; user: { id: string; name: string; email?: string | null } };

function MemberTable({ organisationId, members, canChange }: { organisationId: string; members: Member[]; canChange: boolean }) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [, changeRole] = useMutation(ChangeRoleDocument);
  return (
    <section aria-labelledby="members-heading">
      <Heading level={2} data-size="sm" id="members-heading">
        {t("members.heading")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <ScrollTable label={t("members.heading")}>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t("account.name")}</Table.HeaderCell>
            <Table.HeaderCell>{t("account.email")}</Table.HeaderCell>
            <Table.HeaderCell>{t("members.role")}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {members.map((m) => (
            <Table.Row key={m.user.id}>
              <Table.Cell>{m.user.name}</Table.Cell>
              <Table.Cell>{m.user.email}</Table.Cell>
              <Table.Cell>
                {canChange ? (
                  <Select
                    aria-label={t("members.roleOf", { name: m.user.name })}
                    value={m.role}
                    onChange={async (e) =>
                      form.accept(
                        (await changeRole({ input: { organisationId, userId: m.user.id, role: e.target.value as Role } })).error,
                      )
                    }
                  >
                    {ROLES.map((r) => (
                      <Select.Option key={r} value={r}>
                        {t(`role.${r}`)}
                      </Select.Option>
                    ))}
                  </Select>
                ) : (
                  t(`role.${m.role}`)
                )}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </ScrollTable>
    </section>
  );
}

function LeaveButton({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refetch } = useSession();
  const form = useFormErrors();
  const [, leave] = useMutation(LeaveDocument);
  const onLeave = async () => {
    if (!window.confirm(t("members.leaveConfirm"))) return;
    if (form.accept((await leave({ organisationId })).error)) {
      refetch();
      navigate("/account");
    }
  };
  return (
    <section className="narrow">
      <ErrorSummary errors={form.errors} />
      <Button variant="secondary" data-color="danger" onClick={onLeave}>
        {t("members.leave")}
      </Button>
    </section>
  );
}
