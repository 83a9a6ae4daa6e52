/**
 * What `git commit` keeps of an edited message (its default `--cleanup=strip`, plus the scissors
 * line `git commit -v` adds): the text a commit-msg hook must check. Git runs the hook on
 * `.git/COMMIT_EDITMSG` before it cleans the message up, so the hook does the same here.
 */
export function cleanupMessage(text: string, options: { commentChar?: string } = {}): string {
  const commentChar = options.commentChar ?? "#";
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (const line of lines) {
    if (line === `${commentChar} ------------------------ >8 ------------------------`) break;
    if (line.startsWith(commentChar)) continue;
    kept.push(line.trimEnd());
  }
  const collapsed: string[] = [];
  for (const line of kept) {
    if (line === "" && (collapsed.length === 0 || collapsed[collapsed.length - 1] === "")) continue;
    collapsed.push(line);
  }
  while (collapsed[collapsed.length - 1] === "") collapsed.pop();
  return collapsed.join("\n");
}
