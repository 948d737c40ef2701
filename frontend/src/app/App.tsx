// The routes, one page per file, grouped by the backend's rooms.
import { BrowserRouter, Route, Routes } from "react-router";
import { AcceptInvitationPage } from "../account/AcceptInvitationPage";
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from "../account/EmailLinkPages";
import { AccountPage } from "../account/AccountPage";
import { CreateOrganisationPage } from "../account/CreateOrganisationPage";
import { MembersPage } from "../account/MembersPage";
import { NotificationsPage } from "../account/NotificationsPage";
import { AccountDeletedPage, DeleteAccountPage } from "../account/PersonalDataPages";
import { RegisterPage } from "../account/RegisterPage";
import { SignInPage } from "../account/SignInPage";
import { VerificationQueuePage } from "../admin/VerificationQueuePage";
import { BuyerDashboardPage } from "../buyer/BuyerDashboardPage";
import { BuyerNeedPage } from "../buyer/BuyerNeedPage";
import { CheckAnswersPage } from "../buyer/CheckAnswersPage";
import { EditNeedPage } from "../buyer/EditNeedPage";
import { NewNeedPage } from "../buyer/NewNeedPage";
import { NeedPage } from "../needs/NeedPage";
import { NeedsPage } from "../needs/NeedsPage";
import { MarketOverviewPage } from "../offers/MarketOverviewPage";
import { HomePage } from "../enterprise/HomePage";
import { CallsPage } from "../offers/CallsPage";
import { OfferPage } from "../offers/OfferPage";
import { OffersPage } from "../offers/OffersPage";
import { OrganisationPage } from "../partners/OrganisationPage";
import { PartnersPage } from "../partners/PartnersPage";
import { ProfilePage } from "../profiles/ProfilePage";
import { AccessibilityPage } from "./AccessibilityPage";
import { Layout } from "./Layout";
import { NotFoundPage } from "./NotFoundPage";
import { SessionProvider } from "./session";

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<NeedsPage />} />
            <Route path="needs/:id" element={<NeedPage />} />
            <Route path="partners" element={<PartnersPage />} />
            <Route path="home" element={<HomePage />} />
            <Route path="offers" element={<OffersPage />} />
            <Route path="calls" element={<CallsPage />} />
            <Route path="offers/:id" element={<OfferPage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="organisations/new" element={<CreateOrganisationPage />} />
            <Route path="organisations/:id" element={<OrganisationPage />} />
            <Route path="organisations/:id/members" element={<MembersPage />} />
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="register" element={<RegisterPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="invitations/accept" element={<AcceptInvitationPage />} />
            <Route path="account/verify-email" element={<VerifyEmailPage />} />
            <Route path="account/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="account/reset-password" element={<ResetPasswordPage />} />
            <Route path="account/delete" element={<DeleteAccountPage />} />
            <Route path="account/deleted" element={<AccountDeletedPage />} />
            <Route path="buyer" element={<BuyerDashboardPage />} />
            <Route path="buyer/needs/new/:step?" element={<NewNeedPage />} />
            <Route path="buyer/needs/:id" element={<BuyerNeedPage />} />
            <Route path="buyer/needs/:id/edit/:step?" element={<EditNeedPage />} />
            <Route path="buyer/needs/:id/check" element={<CheckAnswersPage />} />
            <Route path="buyer/needs/:id/market" element={<MarketOverviewPage />} />
            <Route path="admin/verification" element={<VerificationQueuePage />} />
            <Route path="accessibility" element={<AccessibilityPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}
