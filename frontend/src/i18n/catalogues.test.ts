// Every key exists in every language, with the same variables; no catalogue is the English one
// copied; and no Norwegian design-system default label sneaks into sv or en.
import { describe, expect, it } from "vitest";
import { catalogues as trees, type Tree } from ".";

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const catalogues = { sv: flatten(trees.sv), nb: flatten(trees.nb), en: flatten(trees.en) };
const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe("interface catalogues", () => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    it(`${name} has exactly the English keys`, () => {
      expect([...catalogue.keys()].sort()).toEqual([...catalogues.en.keys()].sort());
    });
    it(`${name} keeps every variable`, () => {
      for (const [key, text] of catalogues.en) {
        expect(variables(catalogue.get(key) ?? ""), key).toEqual(variables(text));
      }
    });
  }

  it("sv and nb are translated, not copies of en", () => {
    for (const name of ["sv", "nb"] as const) {
      const same = [...catalogues.en].filter(([k, v]) => catalogues[name].get(k) === v && /[a-z]{4} [a-z]{3}/.test(v));
      expect(same.map(([k]) => k), name).toEqual([]);
    }
  });
});
