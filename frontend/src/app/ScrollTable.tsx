// A table that scrolls sideways inside its own box on a narrow screen instead of widening the
// whole page. The box is a named, focusable region so a keyboard user can scroll it too.
import { Table } from "@digdir/designsystemet-react";
import type { ComponentProps } from "react";

type Props = ComponentProps<typeof Table> & { label: string };

export function ScrollTable({ label, ...table }: Props) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <Table {...table} />
    </div>
  );
}
