// A text search that applies when submitted (not on every keystroke), so the URL and the
// browser's history get one entry per search.
import { Search } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

type Props = { label: string; initial: string; onSearch: (q: string) => void };

export function SearchForm({ label, initial, onSearch }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  return (
    <form
      role="search"
      className="search-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <Search>
        <Search.Input aria-label={label} value={text} onChange={(e) => setText(e.target.value)} />
        <Search.Clear aria-label={t("common.clear")} onClick={() => setText("")} />
        <Search.Button>{t("common.search")}</Search.Button>
      </Search>
    </form>
  );
}
