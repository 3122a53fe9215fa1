/**
 * ${NAME} in any string value of the catalog is replaced by the environment variable NAME,
 * so secrets (the sender key) stay out of the file. It runs on the parsed values, not on the
 * YAML text, so a value with quotes or colons cannot change the document's structure.
 */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface PathProblem {
  path: (string | number)[];
  message: string;
}

export function interpolateEnv(value: unknown, env: Record<string, string | undefined>): { value: unknown; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  // A YAML alias inside its own anchor (`a: &x [*x]`) makes a cyclic value.
  const ancestors = new Set<unknown>();
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === "string") {
      // A missing variable keeps its ${NAME} text, so it is reported once, here, and not again as a bad value.
      return node.replace(REFERENCE, (whole, name: string) => {
        const found = env[name];
        if (found !== undefined) return found;
        problems.push({ path, message: `environment variable ${name} is not set` });
        return whole;
      });
    }
    if (node === null || typeof node !== "object") return node;
    if (ancestors.has(node)) {
      problems.push({ path, message: "a YAML alias that contains itself" });
      return null;
    }
    ancestors.add(node);
    const copy = Array.isArray(node)
      ? node.map((item, i) => walk(item, [...path, i]))
      : Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    ancestors.delete(node);
    return copy;
  };
  return { value: walk(value, []), problems };
}
