/**
 * Generates `src/core/review/schema/k8s-schema.json`, the compact structural schema of the
 * built-in Kubernetes kinds that `bumpwarden lint` validates manifests against.
 *
 * Source: the `kubernetes-types` package (generated from the Kubernetes OpenAPI spec; its major.minor
 * is the Kubernetes version). We read its declaration files with the TypeScript compiler API and keep
 * only what validation needs: field names, field types and required fields. Descriptions are dropped.
 *
 * Type codes: "s" string, "n" number, "b" boolean, "x" anything, "is" int-or-string,
 * "[]T" list of T, "{}T" map of string to T, otherwise the id of another type ("core/v1.Container").
 *
 * Run: `npx tsx scripts/gen-k8s-schema.ts` (after upgrading kubernetes-types).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import prettier from "prettier";
import ts from "typescript";

interface TypeDef {
  /** Field name → type code. */
  p: Record<string, string>;
  /** Required fields. */
  r?: string[];
}

const require = createRequire(import.meta.url);
const pkgJson = require.resolve("kubernetes-types/package.json");
const root = dirname(pkgJson);
const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
const out = new URL("../src/core/review/schema/k8s-schema.json", import.meta.url);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".d.ts") ? [path] : [];
  });
}

const types: Record<string, TypeDef> = {};
const aliases: Record<string, string> = {};
const kinds: Record<string, string> = {};

for (const file of walk(root)) {
  const module = relative(root, file).replace(/\.d\.ts$/, "");
  if (module === "version" || module.startsWith("node_modules")) continue;
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const imports = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const from = join(dirname(module), statement.moduleSpecifier.text).replace(/\\/g, "/");
    const named = statement.importClause?.namedBindings;
    if (named && ts.isNamedImports(named))
      for (const el of named.elements) imports.set(el.name.text, `${from}.${el.name.text}`);
  }
  const ref = (name: string): string => imports.get(name) ?? `${module}.${name}`;

  const code = (node: ts.TypeNode): string => {
    if (node.kind === ts.SyntaxKind.StringKeyword) return "s";
    if (node.kind === ts.SyntaxKind.NumberKeyword) return "n";
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return "b";
    if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword)
      return "x";
    if (ts.isLiteralTypeNode(node)) return ts.isStringLiteral(node.literal) ? "s" : "x";
    if (ts.isArrayTypeNode(node)) return `[]${code(node.elementType)}`;
    if (ts.isParenthesizedTypeNode(node)) return code(node.type);
    if (ts.isUnionTypeNode(node)) {
      const parts = [...new Set(node.types.map(code))].sort();
      if (parts.length === 1) return parts[0] ?? "x";
      if (parts.join("|") === "n|s") return "is";
      return "x";
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index?.type && node.members.length === 1) return `{}${code(index.type)}`;
      return "x";
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const [arg] = node.typeArguments ?? [];
      if (node.typeName.text === "Array" && arg) return `[]${code(arg)}`;
      return ref(node.typeName.text);
    }
    return "x";
  };

  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement))
      aliases[`${module}.${statement.name.text}`] = code(statement.type);
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const id = `${module}.${statement.name.text}`;
    const def: TypeDef = { p: {} };
    const required: string[] = [];
    let apiVersion: string | undefined;
    let kind: string | undefined;
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name =
        ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)
          ? member.name.text
          : undefined;
      if (name === undefined) continue;
      def.p[name] = code(member.type);
      if (!member.questionToken) required.push(name);
      const literal =
        ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)
          ? member.type.literal.text
          : undefined;
      if (name === "apiVersion") apiVersion = literal;
      if (name === "kind") kind = literal;
    }
    if (Object.keys(def.p).length === 0) {
      aliases[id] = "x";
      continue;
    }
    if (required.length) def.r = required;
    types[id] = def;
    if (apiVersion && kind && !kind.endsWith("List")) kinds[`${apiVersion} ${kind}`] = id;
  }
}

// Inline aliases (Quantity → "s", Time → "s", JSONSchemaPropsOrBool → "x", empty interfaces → "x").
const resolve = (c: string): string => {
  if (c.startsWith("[]")) return `[]${resolve(c.slice(2))}`;
  if (c.startsWith("{}")) return `{}${resolve(c.slice(2))}`;
  const alias = aliases[c];
  if (alias !== undefined) return resolve(alias);
  if (c.includes(".") && !types[c]) throw new Error(`unresolved type ${c}`);
  return c;
};
for (const def of Object.values(types))
  for (const [k, v] of Object.entries(def.p)) def.p[k] = resolve(v);

const sortedKinds = Object.fromEntries(
  Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)),
);
const sortedTypes = Object.fromEntries(
  Object.entries(types).sort(([a], [b]) => a.localeCompare(b)),
);
const kubernetes = version.split(".").slice(0, 2).join(".");
const json = JSON.stringify({
  kubernetes,
  source: `kubernetes-types@${version}`,
  kinds: sortedKinds,
  types: sortedTypes,
});
const options = (await prettier.resolveConfig(out.pathname)) ?? {};
writeFileSync(out, await prettier.format(json, { ...options, parser: "json" }));
process.stdout.write(
  `wrote ${Object.keys(sortedKinds).length} kinds, ${Object.keys(sortedTypes).length} types (Kubernetes ${kubernetes})\n`,
);
