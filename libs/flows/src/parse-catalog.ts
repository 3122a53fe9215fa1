import { readFileSync } from "node:fs";
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { catalogSchema, toCatalog } from "./catalog-schema.js";
import { CatalogError } from "./errors.js";
import { interpolateEnv, type PathProblem } from "./interpolate-env.js";
import type { Catalog } from "./types.js";

/**
 * Parses a flow catalog (YAML, or JSON which YAML reads too), interpolates ${ENV_VAR}s and
 * validates it. Throws CatalogError listing every problem, each as
 * `flows.<name>.steps[<i>].<field>: <what is wrong> (line <n>)`.
 */
export function parseCatalog(yamlText: string, env: Record<string, string | undefined> = process.env): Catalog {
  return parse(yamlText, env);
}

/** Reads the catalog file, then parseCatalog; problems name the file. */
export function loadCatalog(path: string, env: Record<string, string | undefined> = process.env): Catalog {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CatalogError([`cannot read the file: ${(err as Error).message}`], path, { cause: err });
  }
  return parse(text, env, path);
}

function parse(yamlText: string, env: Record<string, string | undefined>, source?: string): Catalog {
  const lineCounter = new LineCounter();
  // Merge keys (<<: *anchor) let a catalog share buttons or step settings between flows.
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: true, merge: true });
  // yaml's pretty message starts with "<what> at line L, column C:" followed by a code excerpt.
  if (doc.errors.length > 0)
    throw new CatalogError(
      doc.errors.map((e) => e.message.split("\n")[0] as string),
      source,
    );

  let raw: unknown;
  try {
    raw = doc.toJS(); // throws on alias bombs and merges of non-maps
  } catch (err) {
    throw new CatalogError([(err as Error).message], source, { cause: err });
  }

  const interpolated = interpolateEnv(raw, env);
  const result = catalogSchema.safeParse(interpolated.value);
  if (result.success && interpolated.problems.length === 0) return toCatalog(result.data);

  const problems: Problem[] = [...interpolated.problems, ...(result.success ? [] : result.error.issues.map(toProblem))];
  const located = problems.map((p) => ({ ...p, line: lineOf(doc, lineCounter, p.linePath ?? p.path) }));
  located.sort((a, b) => a.line - b.line);
  throw new CatalogError(
    located.map((p) => `${formatPath(p.path)}: ${p.message}${p.line > 0 ? ` (line ${p.line})` : ""}`),
    source,
  );
}

interface Problem extends PathProblem {
  /** Where to look for the line, when it differs from the path. */
  linePath?: (string | number)[];
}

function toProblem(issue: z.core.$ZodIssue): Problem {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  // Point an unknown field at its own line, not at the first line of its map.
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) {
    return { path, message: issue.message, linePath: [...path, issue.keys[0]] };
  }
  return { path, message: issue.message };
}

/** flows.teacher-onboarding.steps[0].timeout */
export function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return "(catalog)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/**
 * The line of the deepest part of the path found in the file: the line of a map key (so
 * `flows.Bad_Name` points at the name, not at its steps) or of a list item; 0 when nothing is.
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    let next: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (pair === undefined) break;
      if (isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
      next = isNode(pair.value) ? pair.value : undefined;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      next = item;
    } else break;
    node = next;
  }
  return offset === undefined ? 0 : lineCounter.linePos(offset).line;
}
