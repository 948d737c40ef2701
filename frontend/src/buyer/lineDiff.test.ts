import { describe, expect, it } from "vitest";
import { isMultiline, lineDiff } from "./lineDiff";

describe("lineDiff", () => {
  it("keeps common lines and marks each side's own", () => {
    const theirs = "Städning av skolor\nTvå delar\nStart i augusti";
    const mine = "Städning av skolor\nTre delar\nStart i augusti\nMed praktikplatser";
    expect(lineDiff(theirs, mine)).toEqual([
      { kind: "same", text: "Städning av skolor" },
      { kind: "theirs", text: "Två delar" },
      { kind: "mine", text: "Tre delar" },
      { kind: "same", text: "Start i augusti" },
      { kind: "mine", text: "Med praktikplatser" },
    ]);
  });

  it("says nothing differs for equal texts", () => {
    expect(lineDiff("a\nb", "a\nb").every((l) => l.kind === "same")).toBe(true);
  });

  it("handles an empty side", () => {
    expect(lineDiff("", "x")).toEqual([
      { kind: "theirs", text: "" },
      { kind: "mine", text: "x" },
    ]);
  });

  it("knows when a text has several lines", () => {
    expect(isMultiline("a", "b\nc")).toBe(true);
    expect(isMultiline("a", 3)).toBe(false);
  });
});
