import { describe, expect, it } from "vitest";
import { expectChanges, runCli, snapshot, tempTree } from "./run-cli.js";

const FIXTURE = new URL("../fixtures/helm-overrides/", import.meta.url).pathname;

const text = (snap: Map<string, Buffer>, path: string): string =>
  (snap.get(path) as Buffer).toString("utf8");

describe("a Helm chart whose environment files set only the tag", () => {
  it("scan lists each override at its tag line, with its environment and base", async () => {
    const run = await runCli(["scan", FIXTURE, "--json"]);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(
      rows.map((r) => [
        r.file,
        r.line,
        r.image,
        r.repository,
        r.environment,
        r.base ?? null,
        r.editable,
      ]),
    ).toEqual([
      [
        "charts/api/values-prod.yaml",
        5,
        "ghcr.io/acme/api:1.2.3",
        "ghcr.io/acme/api",
        "prod",
        "charts/api/values.yaml",
        true,
      ],
      [
        "charts/api/values-prod.yaml",
        9,
        "ghcr.io/acme/api-migrations:1.2.3",
        "ghcr.io/acme/api-migrations",
        "prod",
        "charts/api/values.yaml",
        true,
      ],
      [
        "charts/api/values-staging.yaml",
        4,
        "ghcr.io/acme/api:1.3.0-rc.1",
        "ghcr.io/acme/api",
        "staging",
        "charts/api/values.yaml",
        true,
      ],
      ["charts/api/values.yaml", 8, "ghcr.io/acme/api:1.0.0", "ghcr.io/acme/api", null, null, true],
      [
        "charts/api/values.yaml",
        25,
        "ghcr.io/acme/api-migrations:1.0.0",
        "ghcr.io/acme/api-migrations",
        null,
        null,
        true,
      ],
      [
        "charts/worker/values.yaml",
        7,
        "ghcr.io/acme/worker:3.1.0",
        "ghcr.io/acme/worker",
        null,
        null,
        true,
      ],
      [
        "charts/worker/values/prod.yaml",
        3,
        "ghcr.io/acme/worker:3.0.9",
        "ghcr.io/acme/worker",
        "prod",
        "charts/worker/values.yaml",
        true,
      ],
      // Staging's global.imageRegistry sends it to a mirror: another repository.
      [
        "charts/worker/values/staging.yaml",
        3,
        "mirror.acme.dev/acme/worker:3.2.0",
        "mirror.acme.dev/acme/worker",
        "staging",
        "charts/worker/values.yaml",
        true,
      ],
    ]);
    expect(rows.every((r) => r.kind === "helm-values")).toBe(true);
    expect(rows[0]).toMatchObject({ path: "image.tag", column: 8, tag: "1.2.3", digest: null });

    const prod = await runCli(["scan", FIXTURE, "--image", "ghcr.io/acme/api", "--env", "prod"]);
    expect(prod.stdout.split("\n").filter((l) => !l.includes("templated"))).toEqual([
      "charts/api/values-prod.yaml:5  helm-values  ghcr.io/acme/api:1.2.3 [prod]",
      "1 reference(s) in 1 file(s)",
      "",
    ]);
  });

  it("bump --env prod changes only the prod override's tag bytes (CRLF, quotes, comment kept); again changes nothing", async () => {
    const dir = await tempTree({}, FIXTURE);
    const before = await snapshot(dir);
    const args = [
      "bump",
      dir,
      "--image",
      "ghcr.io/acme/api",
      "--tag",
      "1.4.0",
      "--env",
      "prod",
      "--json",
    ];
    const run = await runCli(args);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { file: "charts/api/values-prod.yaml", line: 5, from: "1.2.3", to: "1.4.0" },
    ]);
    const prod = text(before, "charts/api/values-prod.yaml");
    expectChanges(before, await snapshot(dir), {
      "charts/api/values-prod.yaml": prod.replace(
        'tag: "1.2.3" # promoted',
        'tag: "1.4.0" # promoted',
      ),
    });
    const again = await runCli(args);
    expect(JSON.parse(again.stdout)).toEqual([]);
  });

  it("bump --env prod of a values/<env>.yaml chart edits that file, and a mirror-bound staging is not that image", async () => {
    const dir = await tempTree({}, FIXTURE);
    const before = await snapshot(dir);
    const prod = await runCli([
      "bump",
      dir,
      "--image",
      "ghcr.io/acme/worker",
      "--tag",
      "3.1.1",
      "--env",
      "prod",
      "--json",
    ]);
    expect(JSON.parse(prod.stdout)).toEqual([
      { file: "charts/worker/values/prod.yaml", line: 3, from: "3.0.9", to: "3.1.1" },
    ]);
    const staging = await runCli([
      "bump",
      dir,
      "--image",
      "ghcr.io/acme/worker",
      "--tag",
      "3.3.0",
      "--env",
      "staging",
      "--json",
    ]);
    expect(JSON.parse(staging.stdout)).toEqual([]);
    expectChanges(before, await snapshot(dir), {
      "charts/worker/values/prod.yaml": text(before, "charts/worker/values/prod.yaml").replace(
        "tag: 3.0.9 # held back",
        "tag: 3.1.1 # held back",
      ),
    });
  });

  it("bump without --env moves the chart default and every override of the image", async () => {
    const dir = await tempTree({}, FIXTURE);
    const before = await snapshot(dir);
    const run = await runCli([
      "bump",
      dir,
      "--image",
      "ghcr.io/acme/api",
      "--tag",
      "1.4.0",
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { file: "charts/api/values-prod.yaml", line: 5, from: "1.2.3", to: "1.4.0" },
      { file: "charts/api/values-staging.yaml", line: 4, from: "1.3.0-rc.1", to: "1.4.0" },
      { file: "charts/api/values.yaml", line: 8, from: "1.0.0", to: "1.4.0" },
    ]);
    expectChanges(before, await snapshot(dir), {
      "charts/api/values-prod.yaml": text(before, "charts/api/values-prod.yaml").replace(
        '"1.2.3"',
        '"1.4.0"',
      ),
      "charts/api/values-staging.yaml": text(before, "charts/api/values-staging.yaml").replace(
        "tag: 1.3.0-rc.1",
        "tag: 1.4.0",
      ),
      "charts/api/values.yaml": text(before, "charts/api/values.yaml").replace(
        'tag: "1.0.0"',
        'tag: "1.4.0"',
      ),
    });
  });
});
