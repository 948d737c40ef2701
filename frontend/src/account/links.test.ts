import { describe, expect, it } from "vitest";
import { invitationToken } from "./AcceptInvitationPage";
import { landingPage, safeReturnPath } from "./SignInPage";

describe("links into the app", () => {
  it("returns only to paths on this site after signing in", () => {
    expect(safeReturnPath("/invitations/accept#token=abc")).toBe("/invitations/accept#token=abc");
    expect(safeReturnPath("//evil.example/")).toBe("/");
    expect(safeReturnPath("https://evil.example/")).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
  });

  it("reads the invitation token from the fragment", () => {
    expect(invitationToken("#token=s3cr3t")).toBe("s3cr3t");
    expect(invitationToken("")).toBeNull();
  });
});

describe("landing page after sign-in", () => {
  it("is the workspace of the person's kind of organisation", () => {
    expect(landingPage(["WISE", "MUNICIPALITY"])).toBe("/buyer");
    expect(landingPage(["SUPPLIER"])).toBe("/home");
    expect(landingPage([])).toBe("/");
  });
});
