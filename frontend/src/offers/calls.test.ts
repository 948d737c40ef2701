import { describe, expect, it } from "vitest";
import { callFacets, lacks } from "./calls";

const need = { id: "n1", title: "Städning", language: "sv" };
const call = (factors: string[][]) => ({ need, gaps: factors.map((f) => ({ gaps: f.map((factor) => ({ factor })) })) });

describe("calls for partners", () => {
  it("lists what a call lacks once", () => {
    expect(lacks(call([["CAPACITY"], ["CAPACITY", "REGION"]]))).toEqual(["CAPACITY", "REGION"]);
  });
  it("counts calls per need and per gap", () => {
    expect(callFacets([call([["CAPACITY"]]), call([["CAPACITY", "CPV"]])])).toEqual({
      needs: [{ ...need, count: 2 }],
      lacks: [
        { value: "CAPACITY", count: 2 },
        { value: "CPV", count: 1 },
      ],
    });
  });
});
