import { describe, expect, it } from "vitest";
import { resumable } from "./live";

const event = (cursor: string) => ({ data: { needEvents: { cursor, kind: "ANNOUNCED" } } });

describe("resumable subscriptions", () => {
  it("moves the resume cursor forward as events arrive", () => {
    const variables: Record<string, unknown> = { after: "10" };
    const seen: string[] = [];
    const sink = resumable(variables, (e: ReturnType<typeof event>) =>
      seen.push(e.data.needEvents.cursor),
    );
    sink(event("11"));
    sink(event("12"));
    expect(variables.after).toBe("12");
    expect(seen).toEqual(["11", "12"]);
  });

  it("drops events replayed after a reconnect", () => {
    const variables: Record<string, unknown> = { after: "10" };
    const seen: string[] = [];
    const sink = resumable(variables, (e: ReturnType<typeof event>) =>
      seen.push(e.data.needEvents.cursor),
    );
    for (const c of ["11", "12", "11", "12", "13", "9", "100"]) sink(event(c));
    expect(seen).toEqual(["11", "12", "13", "100"]);
  });

  it("passes through results without a cursor", () => {
    const seen: unknown[] = [];
    const sink = resumable(undefined, (e: { data: Record<string, unknown> }) => seen.push(e));
    sink({ data: { membershipChanged: { role: "ADMIN" } } });
    expect(seen).toHaveLength(1);
  });
});
