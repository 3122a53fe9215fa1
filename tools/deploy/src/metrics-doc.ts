#!/usr/bin/env node
/**
 * Writes the metrics table of docs/production.md from the services' registries, between its
 * markers: `npm run metrics-doc -w @sunseo/deploy` after adding or changing a metric.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { metricsTable, serviceMetrics } from "./metric-catalog.js";
import { replaceBetweenMarkers } from "./markers.js";
import { repoRoot } from "./repo.js";

const path = `${repoRoot}docs/production.md`;
writeFileSync(path, replaceBetweenMarkers(readFileSync(path, "utf8"), "metrics", metricsTable(serviceMetrics())));
process.stdout.write(`metrics table written to ${path}\n`);
