// Dates with their zone named must not throw (V8 refuses `timeZoneName` with `dateStyle`).
import { describe, expect, it } from "vitest";
import { formatDateTime, formatTimeRange } from "./format";

describe("formatting times", () => {
  it("names the time zone of a moment", () => {
    const text = formatDateTime("2027-03-01T09:00:00Z", "sv", "Europe/Stockholm");
    expect(text).toContain("10:00");
    expect(text).toMatch(/CET|GMT\+1/);
  });

  it("writes a span with the zone named once", () => {
    const text = formatTimeRange("2027-03-01T09:00:00Z", "2027-03-01T09:30:00Z", "en", "Europe/London");
    expect(text).toContain("09:00");
    expect(text).toContain("09:30");
    expect(text).toMatch(/GMT/);
  });
});
