import { readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTree } from "../../src/adapters/local/read-tree.js";
import { decodeUtf8 } from "../../src/adapters/local/utf8.js";
import { writeFiles } from "../../src/adapters/local/write-files.js";
import { tempTree } from "./run-cli.js";

describe("local files adapter (the CLI's checkout)", () => {
  it("lists accepted files, skipping .git, node_modules and symbolic links, and keeps a BOM", async () => {
    const dir = await tempTree({
      "a.yaml": "\uFEFFa: 1\r\n",
      "sub/b.yaml": "b: 2\n",
      ".git/config.yaml": "x: 1\n",
      "node_modules/m/c.yaml": "c: 3\n",
      "notes.txt": "hello\n",
    });
    await symlink("/etc/hostname", join(dir, "link.yaml"));
    const tree = await readTree(dir, { accept: (p) => p.endsWith(".yaml"), maxFileBytes: 1000 });
    expect(tree.ok && tree.value.files).toEqual([
      { path: "a.yaml", text: "\uFEFFa: 1\r\n" },
      { path: "sub/b.yaml", text: "b: 2\n" },
    ]);
  });

  it("reports invalid UTF-8 with its line, and files over the limit without reading them", async () => {
    expect(decodeUtf8(Buffer.from([0x61, 0x0a, 0x62, 0xed, 0xa0, 0x80]))).toEqual({
      ok: false,
      line: 2,
      offset: 3,
    });
    expect(decodeUtf8(Buffer.from("é\n€\n𝄞", "utf8"))).toEqual({ ok: true, text: "é\n€\n𝄞" });
    const dir = await tempTree({
      "big.yaml": "x".repeat(2000),
      "bad.yaml": Buffer.from([0x0a, 0xff]),
    });
    const tree = await readTree(dir, { accept: () => true, maxFileBytes: 1000 });
    expect(tree.ok && tree.value.problems).toEqual([
      { file: "bad.yaml", line: 2, severity: "error", message: "not valid UTF-8 (byte 1)" },
      {
        file: "big.yaml",
        severity: "error",
        message: "2000 bytes, over the 1000-byte limit; not read",
      },
    ]);
  });

  it("writes nothing when a file changed on disk since it was read, or lies outside the tree", async () => {
    const dir = await tempTree({ "a.yaml": "a: 1\n", "b.yaml": "b: 1\n" });
    await writeFile(join(dir, "b.yaml"), "b: changed\n");
    const changes = [
      { path: "a.yaml", before: "a: 1\n", after: "a: 2\n" },
      { path: "b.yaml", before: "b: 1\n", after: "b: 2\n" },
    ];
    expect(await writeFiles(dir, changes, 1)).toEqual({
      ok: false,
      error: "b.yaml changed on disk since it was read; nothing was written",
    });
    expect(await readFile(join(dir, "a.yaml"), "utf8")).toBe("a: 1\n");
    expect((await writeFiles(dir, [{ path: "../x.yaml", before: "", after: "x" }], 1)).ok).toBe(
      false,
    );
    expect(await writeFiles(dir, [changes[0] as (typeof changes)[number]], 1)).toEqual({
      ok: true,
      value: 1,
    });
    expect(await readFile(join(dir, "a.yaml"), "utf8")).toBe("a: 2\n");
  });
});
