// Facets for the calls for partners, counted in the page (the server sends the list only).
type Call = { need?: { id: string; title: string; language: string } | null; gaps: { gaps: { factor: string }[] }[] };

/** The factors a call still lacks, each once. */
export function lacks(call: Call): string[] {
  return [...new Set(call.gaps.flatMap((g) => g.gaps.map((x) => x.factor)))];
}

export function callFacets(calls: Call[]) {
  const needs = new Map<string, { id: string; title: string; language: string; count: number }>();
  const factors = new Map<string, number>();
  for (const c of calls) {
    if (c.need) {
      const n = needs.get(c.need.id) ?? { ...c.need, count: 0 };
      n.count += 1;
      needs.set(c.need.id, n);
    }
    for (const f of lacks(c)) factors.set(f, (factors.get(f) ?? 0) + 1);
  }
  return {
    needs: [...needs.values()],
    lacks: [...factors].map(([value, count]) => ({ value, count })),
  };
}
