import { describe, expect, it } from "vitest";
import {
  judgeLicense,
  licenseTerms,
  parseLicenseExpression,
  parseSbom,
  readStatement,
} from "../../../src/core/gates/index.js";
import { cyclonedxBom, spdxDocument, statement } from "./fixtures.js";

describe("SPDX license expressions", () => {
  it.each([
    ["MIT", ["MIT"]],
    ["MIT OR Apache-2.0", ["MIT", "Apache-2.0"]],
    ["(MIT AND BSD-3-Clause) OR GPL-2.0-or-later", ["MIT", "BSD-3-Clause", "GPL-2.0-or-later"]],
    ["GPL-2.0-only WITH Classpath-exception-2.0", ["GPL-2.0-only WITH Classpath-exception-2.0"]],
    ["mit or apache-2.0", ["mit", "apache-2.0"]],
    [
      "LicenseRef-acme-proprietary AND DocumentRef-x:LicenseRef-y",
      ["LicenseRef-acme-proprietary", "DocumentRef-x:LicenseRef-y"],
    ],
    ["GPL-2.0+", ["GPL-2.0+"]],
    ["Apache License 2.0", ["Apache License 2.0"]],
    ["(MIT OR", ["(MIT OR"]],
  ])("%s", (text, terms) => {
    expect(licenseTerms(parseLicenseExpression(text))).toEqual(terms);
  });

  it("AND binds tighter than OR, WITH tighter than AND", () => {
    expect(parseLicenseExpression("A OR B AND C WITH E")).toEqual({
      kind: "or",
      left: { kind: "license", id: "A", exception: null },
      right: {
        kind: "and",
        left: { kind: "license", id: "B", exception: null },
        right: { kind: "license", id: "C", exception: "E" },
      },
    });
  });
});

describe("license policy", () => {
  const allow = {
    allow: ["MIT", "Apache-2.0", "BSD-*", "GPL-2.0-only WITH Classpath-exception-2.0"],
    deny: ["GPL-*", "AGPL-*"],
  };
  it.each([
    ["MIT", true, []],
    ["mit", true, []],
    ["BSD-3-Clause", true, []],
    ["MIT OR GPL-3.0-only", true, []],
    ["MIT AND GPL-3.0-only", false, [{ term: "GPL-3.0-only", why: "denied" }]],
    [
      "AGPL-3.0-or-later OR LGPL-2.1-only",
      false,
      [
        { term: "AGPL-3.0-or-later", why: "denied" },
        { term: "LGPL-2.1-only", why: "not-allowed" },
      ],
    ],
    ["GPL-2.0-only WITH Classpath-exception-2.0", true, []],
    [
      "GPL-2.0-only WITH GCC-exception-3.1",
      false,
      [{ term: "GPL-2.0-only WITH GCC-exception-3.1", why: "denied" }],
    ],
    ["ISC", false, [{ term: "ISC", why: "not-allowed" }]],
    ["Apache License 2.0", false, [{ term: "Apache License 2.0", why: "not-allowed" }]],
  ])("%s with an allow list", (expr, ok, failures) => {
    expect(judgeLicense(expr, allow)).toEqual(ok ? { ok: true } : { ok: false, failures });
  });

  it("with only a deny list everything else passes; a WITH entry in deny names that pairing only", () => {
    const deny = {
      allow: null,
      deny: ["GPL-3.0-only", "GPL-2.0-only WITH Autoconf-exception-2.0"],
    };
    expect(judgeLicense("ISC AND Zlib", deny)).toEqual({ ok: true });
    expect(judgeLicense("GPL-3.0-only WITH GCC-exception-3.1", deny).ok).toBe(false);
    expect(judgeLicense("GPL-2.0-only", deny).ok).toBe(true);
    expect(judgeLicense("GPL-2.0-only with Autoconf-exception-2.0", deny).ok).toBe(false);
  });
});

describe("SBOMs", () => {
  it("SPDX 2.3 (syft): concluded license, else declared; the image package itself and NOASSERTION are not licenses", () => {
    const doc = spdxDocument([
      { name: "musl", version: "1.2.5-r0", license: "MIT" },
      { name: "busybox", version: "1.36.1-r29", declared: "GPL-2.0-only" },
      { name: "mystery", version: "0.1" },
    ]);
    expect(parseSbom(doc)).toEqual({
      format: "spdx",
      version: "SPDX-2.3",
      packages: [
        { name: "musl", version: "1.2.5-r0", licenses: ["MIT"] },
        { name: "busybox", version: "1.36.1-r29", licenses: ["GPL-2.0-only"] },
        { name: "mystery", version: "0.1", licenses: [] },
      ],
    });
  });

  it.each(["1.4", "1.5", "1.6"])(
    "CycloneDX %s: ids, names, expressions and nested components",
    (spec) => {
      const bom = cyclonedxBom(
        [
          { name: "express", version: "4.21.1", ids: ["MIT"] },
          { name: "dual", version: "1.0.0", expression: "MIT OR Apache-2.0" },
          { name: "both", version: "2.0.0", ids: ["MIT"], names: ["Acme Internal License"] },
          { name: "alpine", version: "3.20.3", type: "operating-system" },
          {
            name: "parent",
            version: "1.0.0",
            ids: ["ISC"],
            components: [
              {
                type: "library",
                name: "child",
                version: "0.1.0",
                licenses: [{ license: { id: "BSD-2-Clause" } }],
              },
            ],
          },
        ],
        spec,
      );
      expect(parseSbom(bom)).toEqual({
        format: "cyclonedx",
        version: `CycloneDX ${spec}`,
        packages: [
          { name: "express", version: "4.21.1", licenses: ["MIT"] },
          { name: "dual", version: "1.0.0", licenses: ["MIT OR Apache-2.0"] },
          { name: "both", version: "2.0.0", licenses: ["MIT", "Acme Internal License"] },
          { name: "parent", version: "1.0.0", licenses: ["ISC"] },
          { name: "child", version: "0.1.0", licenses: ["BSD-2-Clause"] },
        ],
      });
    },
  );

  it("statements with SBOM predicate types, and refusal of what is not an SBOM", () => {
    const digest = `sha256:${"b".repeat(64)}`;
    expect(
      readStatement(statement(digest, "https://spdx.dev/Document", spdxDocument([])) as never).kind,
    ).toBe("sbom");
    expect(
      readStatement(statement(digest, "https://cyclonedx.org/bom", cyclonedxBom([])) as never).kind,
    ).toBe("sbom");
    expect(
      readStatement(
        statement(digest, "https://spdx.dev/Document", { spdxVersion: "SPDX-3.0" }) as never,
      ),
    ).toEqual({
      kind: "other",
      note: "the https://spdx.dev/Document attestation is not SPDX 2.x or CycloneDX JSON",
    });
  });
});
