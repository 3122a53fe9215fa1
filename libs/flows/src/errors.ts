/**
 * The catalog's errors. None is retriable: each means the input (the catalog file or a
 * flow-start) is wrong, and sending it again unchanged fails the same way.
 */

/** The catalog cannot be used; `problems` lists every problem at once, each starting with its path. */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
  readonly code = "CATALOG_INVALID";
  readonly retriable = false;

  constructor(
    readonly problems: string[],
    /** The file the catalog came from, when there is one. */
    readonly source?: string,
    options?: ErrorOptions,
  ) {
    super(`invalid flow catalog${source ? ` ${source}` : ""}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, options);
  }
}

export class UnknownFlowError extends Error {
  override readonly name = "UnknownFlowError";
  readonly code = "UNKNOWN_FLOW";
  readonly retriable = false;

  constructor(
    readonly flow: string,
    readonly known: string[],
  ) {
    super(`unknown flow "${flow}" (the catalog has: ${known.join(", ") || "no flows"})`);
  }
}

export class MissingVariablesError extends Error {
  override readonly name = "MissingVariablesError";
  readonly code = "MISSING_VARIABLES";
  readonly retriable = false;

  constructor(
    readonly flow: string,
    readonly missing: string[],
  ) {
    super(`flow "${flow}" needs variables that were not given: ${missing.join(", ")}`);
  }
}

/**
 * The variables are all there but the rendered messages would be invalid: a value too long
 * for its field, or a value that itself contains a #{...} placeholder.
 */
export class InvalidVariablesError extends Error {
  override readonly name = "InvalidVariablesError";
  readonly code = "INVALID_VARIABLES";
  readonly retriable = false;

  constructor(
    readonly flow: string,
    readonly problems: string[],
  ) {
    super(`flow "${flow}" cannot be rendered with these variables: ${problems.join("; ")}`);
  }
}
