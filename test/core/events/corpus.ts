import { readFileSync } from "node:fs";
import { corpusUrl } from "../../harness/corpus.js";

/** `../shared/corpus/registry-webhooks/`: exact request bodies and headers per registry. */
export const corpusDir = corpusUrl("registry-webhooks/");

export function corpusBytes(name: string): Buffer {
  return readFileSync(new URL(`${name}.json`, corpusDir));
}

export function corpusJson(name: string): unknown {
  return JSON.parse(corpusBytes(name).toString("utf8"));
}

/** Header names lower-cased, as Node hands them to a handler. */
export function corpusHeaders(name: string): Record<string, string> {
  const raw = JSON.parse(
    readFileSync(new URL(`${name}.headers.json`, corpusDir), "utf8"),
  ) as Record<string, string>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
}

export const receivedAt = "2025-06-12T14:03:12.000Z";
export const digest = "sha256:0affb11266d6cd8af36aab3face6e115ae495e1634a99b7d546c840f6118270e";
export const commit = "88a9f2e556acea846467ca7c0b80bb7b919b5ccb";
