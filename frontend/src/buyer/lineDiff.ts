// Line by line, what differs between two texts: the lines both keep, the ones only theirs has and
// the ones only mine has, in reading order. A longest-common-subsequence table is plenty for the
// few hundred lines of a need's description.

export type DiffLine = { kind: "same" | "theirs" | "mine"; text: string };

export function lineDiff(theirs: string, mine: string): DiffLine[] {
  const a = theirs.split("\n");
  const b = mine.split("\n");
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "same", text: a[i++]! });
      j++;
    } else if (j >= b.length || (i < a.length && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      out.push({ kind: "theirs", text: a[i++]! });
    } else {
      out.push({ kind: "mine", text: b[j++]! });
    }
  }
  return out;
}

/** True when a text is long enough that a line-by-line comparison helps more than two cells. */
export function isMultiline(...texts: unknown[]): boolean {
  return texts.some((t) => typeof t === "string" && t.includes("\n"));
}
