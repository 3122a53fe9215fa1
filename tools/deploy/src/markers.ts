/** Generated sections of a Markdown file sit between `<!-- name:start -->` and `<!-- name:end -->`. */
const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

export class MissingMarkersError extends Error {}

export function betweenMarkers(text: string, name: string): string {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new MissingMarkersError(`no ${start} ... ${end} section`);
  return text.slice(from + start.length, to).trim();
}

export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const [start, end] = markers(name);
  betweenMarkers(text, name);
  return `${text.slice(0, text.indexOf(start) + start.length)}\n${content}\n${text.slice(text.indexOf(end))}`;
}
