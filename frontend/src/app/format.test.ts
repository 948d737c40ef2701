import { describe, expect, it } from "vitest";
import { formatDateTime, formatTimeRange } from "./format";

describe("dates with their time zone", () => {
  it("formats a deadline and names the zone", () => {
    expect(formatDateTime("2027-03-01T16:00:00Z", "sv", "Europe/Stockholm")).toMatch(/1 mars 2027.*17:00.*CET/);
    expect(formatDateTime("2027-03-01T16:00:00Z", "en", "Europe/London")).toMatch(/1 March 2027.*16:00.*GMT/);
  });

  it("formats a time span with the zone once", () => {
    expect(formatTimeRange("2027-03-01T09:00:00Z", "2027-03-01T09:30:00Z", "nb", "Europe/Oslo")).toMatch(/10:00–10:30 CET$/);
  });
});
