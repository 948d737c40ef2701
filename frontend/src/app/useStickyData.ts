// Keeps showing the last answer while a new one loads, so that changing a filter never empties
// the page (and never takes the checkbox someone just clicked out from under them).
import { useRef } from "react";

export function useStickyData<T>(data: T | undefined): T | undefined {
  const last = useRef<T | undefined>(data);
  if (data !== undefined) last.current = data;
  return last.current;
}
