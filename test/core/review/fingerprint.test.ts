import { describe, expect, it } from "vitest";
import { lint } from "../../../src/core/review/engine.js";

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:latest
        - name: sidecar
          image: nginx:latest
`;

const prints = (text: string) =>
  lint([{ path: "web.yaml", text }])
    .findings.filter((f) => f.rule === "image-latest")
    .map((f) => ({ line: f.line, fp: f.fingerprint }));

describe("fingerprints", () => {
  it("stay the same when a finding only moves to another line", () => {
    const before = prints(DEPLOY);
    const after = prints(
      `# added a comment\n\n${DEPLOY.replace("metadata: {name: web}", "metadata:\n  name: web")}`,
    );
    expect(after.map((a) => a.line)).toEqual(before.map((b) => b.line + 3));
    expect(after.map((a) => a.fp)).toEqual(before.map((b) => b.fp));
  });

  it("tell apart identical lines and change when the content changes", () => {
    const [a, b] = prints(DEPLOY);
    expect(a?.fp).not.toBe(b?.fp);
    const changed = prints(
      DEPLOY.replace(
        "          image: nginx:latest\n        - name: sidecar",
        "          image: nginx\n        - name: sidecar",
      ),
    );
    expect(changed[0]?.fp).not.toBe(a?.fp);
    expect(changed[1]?.fp).toBe(b?.fp);
  });
});
