import { CombinedError } from "urql";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { describeErrors } from "./errors";

const catalogue: Record<string, string> = {
  "errors.reason.INVALID_CHECK_DIGIT": "Wrong check digit.",
  "errors.code.FORBIDDEN": "Not allowed.",
  "errors.network": "Offline.",
};
const t = ((key: string, options?: { defaultValue?: string }) => catalogue[key] ?? options?.defaultValue ?? key) as never;

const graphQLError = (message: string, extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });

describe("errors as people read them", () => {
  it("words a field error by its reason, on its field", () => {
    const error = graphQLError("bad digit", { code: "BAD_USER_INPUT", field: "organisationNumber", reason: "INVALID_CHECK_DIGIT" });
    expect(describeErrors(error, t)).toEqual([{ field: "organisationNumber", message: "Wrong check digit." }]);
  });

  it("keeps the server's sentence for a field error without a known reason", () => {
    const error = graphQLError("Use at least 10 characters.", { code: "BAD_USER_INPUT", field: "password" });
    expect(describeErrors(error, t)).toEqual([{ field: "password", message: "Use at least 10 characters." }]);
  });

  it("words other errors by their code", () => {
    expect(describeErrors(graphQLError("nope", { code: "FORBIDDEN" }), t)[0]?.message).toBe("Not allowed.");
  });

  it("says when the server cannot be reached", () => {
    const error = new CombinedError({ networkError: new Error("fetch failed") });
    expect(describeErrors(error, t)).toEqual([{ field: null, message: "Offline." }]);
  });
});
