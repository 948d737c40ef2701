// The interface catalogues: one file per room and language (`en/needs.json`), merged into one
// tree per language. A room adds its own file instead of growing a shared one; two files may not
// define the same top-level key.
type Tree = { [key: string]: string | Tree };

const files = import.meta.glob<Tree>("./*/*.json", { eager: true, import: "default" });

function merge(language: string): Tree {
  const merged: Tree = {};
  for (const [path, tree] of Object.entries(files)) {
    if (!path.startsWith(`./${language}/`)) continue;
    for (const [key, value] of Object.entries(tree)) {
      if (key in merged) throw new Error(`catalogue key "${key}" is defined twice (${path})`);
      merged[key] = value;
    }
  }
  return merged;
}

export const catalogues = { sv: merge("sv"), nb: merge("nb"), en: merge("en") };
export type { Tree };
