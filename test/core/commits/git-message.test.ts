import { describe, expect, it } from "vitest";
import { cleanupMessage } from "../../../src/core/commits/index.js";

describe("cleanupMessage: what git keeps of COMMIT_EDITMSG", () => {
  it("drops comment lines, trailing blanks, the scissors part and surrounding blank lines", () => {
    const edited = [
      "",
      "feat: add dark mode   ",
      "",
      "",
      "Users asked for it.",
      "# Please enter the commit message for your changes. Lines starting",
      "# with '#' will be ignored, and an empty message aborts the commit.",
      "#",
      "# On branch main",
      "",
      "# ------------------------ >8 ------------------------",
      "# Do not modify or remove the line above.",
      "diff --git a/x b/x",
      "+feat: not part of the message",
      "",
    ].join("\n");
    expect(cleanupMessage(edited)).toBe("feat: add dark mode\n\nUsers asked for it.");
  });

  it("honours another comment character and CRLF files", () => {
    expect(cleanupMessage("fix: x\r\n; comment\r\n\r\nbody\r\n", { commentChar: ";" })).toBe(
      "fix: x\n\nbody",
    );
  });

  it("keeps a hash that does not start the line", () => {
    expect(cleanupMessage("fix: crash (#12)\n\nCloses #12\n")).toBe(
      "fix: crash (#12)\n\nCloses #12",
    );
  });

  it("returns an empty message when everything is commented out", () => {
    expect(cleanupMessage("# nothing\n#\n")).toBe("");
  });
});
