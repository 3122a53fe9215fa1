import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse, stringify } from "yaml";
import { parseCatalog, type Catalog } from "@sunseo/flows";

/**
 * The demo runs the shipped examples/flows.yaml with one change: step timeouts of 15 s
 * instead of minutes, so a dropped report is re-requested (and a flow times out) within
 * the demo's run instead of ten minutes later. The fault campaign asks for longer ones.
 */
export function demoCatalog(examplesFile: string, outFile: string, senderKey: string, timeout = "15s"): Catalog {
  const doc = parse(readFileSync(examplesFile, "utf8")) as { flows: Record<string, { steps: { timeout?: string }[] }> };
  for (const flow of Object.values(doc.flows)) for (const step of flow.steps) step.timeout = timeout;
  const text = `# Generated from examples/flows.yaml (timeouts shortened to ${timeout}).\n${stringify(doc)}`;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  return parseCatalog(text, { BIZPPURIO_SENDER_KEY: senderKey });
}

/** template code -> whether its flow serialises in the recipient lane, for judging the phones. */
export function laneByTemplate(catalog: Catalog): Map<string, boolean> {
  const lanes = new Map<string, boolean>();
  for (const flow of catalog.flows.values()) for (const step of flow.steps) lanes.set(step.template, flow.lane === "recipient");
  return lanes;
}
