import { DockerfileParser } from "dockerfile-ast";
import { EVENT_ID, parseEvents } from "js-yaml";
import { describe, expect, it } from "vitest";
import { classifyFile } from "../../../src/core/formats/classify.js";
import { planBump } from "../../../src/core/scan/plan-bump.js";
import { scanFiles } from "../../../src/core/scan/scan-files.js";
import { CORPORA, comparable, corpusFiles, expected, templated } from "./corpus.js";
import type { ExpectedEntry } from "./corpus.js";

const NEW_TAG = "99.0.0";

describe.each(CORPORA)("corpus %s", (name) => {
  const files = corpusFiles(name);
  const want = expected(name);
  const scan = scanFiles(files);

  it("finds exactly the expected references", () => {
    expect(scan.references.map(comparable)).toEqual(want);
  });

  it("reports templated values, not references, and Helm templates that are not YAML", () => {
    const t = templated(name);
    expect(
      scan.templated.map(({ file, line, kind, text }) => ({ file, line, kind, text })),
    ).toEqual(t.templated);
    // Files that cannot hold a reference (no "image"/"repository" in them) are not parsed at all.
    const readable = new Set(
      files.filter((f) => /image|repository/i.test(f.text)).map((f) => f.path),
    );
    const parseErrors = scan.problems.filter((p) => p.message.startsWith("not valid YAML"));
    expect(parseErrors.map((p) => ({ file: p.file, line: p.line }))).toEqual(
      t.parse_errors
        .filter((p) => readable.has(p.file))
        .map((p) => ({ file: p.file, line: p.line })),
    );
    expect(scan.problems.filter((p) => p.message.startsWith("duplicate key"))).toHaveLength(
      t.duplicate_keys.length,
    );
  });

  const groups = [
    ...new Set(want.filter((e) => e.repository !== null).map((e) => e.repository as string)),
  ];
  it.runIf(groups.length > 0).each(groups)(
    "bumps %s changing only the old tag bytes, once",
    (repository) => {
      const plan = planBump(files, { repository, tag: NEW_TAG });
      if (!plan.ok) throw new Error(plan.error.message);
      const changed = new Map(plan.value.files.map((f) => [f.path, f.text]));
      const touched = new Set(
        want.filter((e) => e.repository === repository && expectsChange(e)).map((e) => e.file),
      );
      expect(new Set(changed.keys())).toEqual(touched);
      for (const file of files) {
        const after = changed.get(file.path);
        if (after === undefined) continue;
        const oracle = expectedText(
          file.text,
          want.filter((e) => e.file === file.path && e.repository === repository),
        );
        expect(Buffer.from(after, "utf8").equals(Buffer.from(oracle, "utf8")), file.path).toBe(
          true,
        );
        expectStillParses(file.path, file.text, after);
      }
      const again = planBump(
        files.map((f) => ({ path: f.path, text: changed.get(f.path) ?? f.text })),
        { repository, tag: NEW_TAG },
      );
      expect(again.ok && again.value.edits).toEqual([]);
    },
  );
});

/** Markers that only name the repository, and digest-pinned references, are not bumped by a tag alone. */
const expectsChange = (e: ExpectedEntry): boolean =>
  e.digest === null && !(e.kind === "marker" && e.policy?.endsWith(":name"));

/**
 * The file as it must read after the bump, computed from the corpus's own expectations rather than
 * from the scanner's offsets: on each expected line, the last occurrence of the old tag becomes the
 * new tag; a reference without a tag gets ":<new tag>" after its image text.
 */
function expectedText(text: string, entries: ExpectedEntry[]): string {
  const lines = text.split("\n");
  const done = new Set<number>();
  for (const e of entries.filter(expectsChange)) {
    if (done.has(e.line)) continue;
    done.add(e.line);
    const line = lines[e.line - 1] ?? "";
    if (e.tag !== null) {
      const at = line.lastIndexOf(e.tag);
      expect(at, `${e.file}:${e.line} holds ${e.tag}`).toBeGreaterThanOrEqual(0);
      lines[e.line - 1] = line.slice(0, at) + NEW_TAG + line.slice(at + e.tag.length);
    } else {
      const image = e.image ?? "";
      const comment = line.indexOf(" #");
      const at =
        line.lastIndexOf(image, comment === -1 ? line.length : comment - image.length) +
        image.length;
      lines[e.line - 1] = `${line.slice(0, at)}:${NEW_TAG}${line.slice(at)}`;
    }
  }
  return lines.join("\n");
}

function expectStillParses(path: string, before: string, after: string): void {
  if (classifyFile(path) === "dockerfile") {
    const froms = (t: string) => DockerfileParser.parse(t).getFROMs().length;
    expect(froms(after)).toBe(froms(before));
    return;
  }
  // js-yaml's event parser: a second YAML implementation (constructing objects would reject the
  // complex keys some corpus files have, before and after alike).
  const documents = (t: string) =>
    parseEvents(t, { maxDepth: 1000 }).filter((e) => e.type === EVENT_ID.DOCUMENT).length;
  expect(documents(after)).toBe(documents(before));
}
