import type { FileCategory } from "./types.js";

const COMPOSE = /^(?:docker-)?compose(?:\.[^./]+)?\.ya?ml$/;
const VALUES = /^values[^/]*\.ya?ml$/;
const KUSTOMIZATION = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

/** How a file is read, from its name: `null` for files the scanner does not read. */
export function classifyFile(path: string): FileCategory | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base === "Dockerfile" || base.startsWith("Dockerfile.") || /\.[Dd]ockerfile$/.test(base))
    return "dockerfile";
  if (KUSTOMIZATION.has(base)) return "kustomization";
  if (COMPOSE.test(base)) return "compose";
  if (VALUES.test(base)) return "values";
  if (/\.(?:ya?ml|json)$/.test(base)) return "manifest";
  return null;
}

/** YAML (and JSON, read as YAML) categories. */
export const isYamlCategory = (category: FileCategory): boolean => category !== "dockerfile";
