import { parseReference } from "../../image-ref.js";
import type { Draft } from "../finding.js";
import { registryAllows } from "../rules/images.js";
import type { RuleContext } from "../rules/context.js";
import type { ParsedDockerfile, Stage } from "./stages.js";
import { lineOf, rootStage } from "./stages.js";

/** Final-stage bases that ship no shell or package manager, or only a minimal one. */
const MINIMAL = [
  /^scratch$/,
  /(^|\/)distroless\//,
  /^cgr\.dev\/chainguard\//,
  /(^|\/)(alpine|busybox|wolfi-base)$/,
  /(^|\/)ubi\d*-(minimal|micro)$/,
  /(^|\/)static(-debian\d+)?$/,
];
const MINIMAL_TAG = /(^|[-.])(slim|alpine|minimal|micro|distroless|nonroot|static)([-.]|$)/;
/** Bases known to run as a non-root user by default. */
const NON_ROOT_BASE = [/(^|\/)distroless\/.*:(.*-)?nonroot$/, /^cgr\.dev\/chainguard\//];

/** Base images of toolchains: building with one of them in a single stage ships the compiler. */
const COMPILER_BASE =
  /(^|\/)(golang|rust|maven|gradle|gcc|buildpack-deps)(:|$)|dotnet\/sdk|:[^/]*jdk/;
const COMPILE_COMMAND =
  /\b(go build|cargo build|mvnw?\b|javac\b|gradlew?\b|dotnet (publish|build)|gcc\b|g\+\+|cmake\b|make\b|npm run build|yarn build|pnpm build|tsc\b)/;

export function baseImageRules(file: string, df: ParsedDockerfile, ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const stage of df.stages) {
    if (stage.parent || stage.image === null) continue;
    const image = stage.image;
    const line = lineOf(stage.from);
    const column = (stage.from.getImageRange()?.start.character ?? 0) + 1;
    if (image.toLowerCase() === "scratch") continue;
    const parsed = parseReference(image);
    if (!parsed.ok) {
      out.push({
        file,
        line,
        column,
        rule: "dockerfile-base-pinned",
        severity: "error",
        message: `FROM ${image} is not a valid image reference: ${parsed.error.message}`,
      });
      continue;
    }
    const ref = parsed.value;
    if (ref.digest === null && (ref.tag === null || ref.tag === "latest"))
      out.push({
        file,
        line,
        column,
        rule: "dockerfile-base-pinned",
        severity: "error",
        message: `FROM ${image} ${ref.tag === null ? "has no tag" : 'uses "latest"'}; pin a version (ideally with a digest) so builds are reproducible`,
      });
    else if (ref.digest === null)
      out.push({
        file,
        line,
        column,
        rule: "dockerfile-base-digest",
        severity: "notice",
        message: `FROM ${image} is pinned by tag only; add @sha256:… so a re-pushed tag cannot change the build`,
      });
    const allowed = ctx.config.review.allowedRegistries;
    if (allowed.length && !allowed.some((r) => registryAllows(r, ref)))
      out.push({
        file,
        line,
        column,
        rule: "image-registry",
        severity: "error",
        message: `${ref.repository} is not from an allowed registry (${allowed.join(", ")})`,
      });
  }
  const final = df.final;
  if (!final) return out;
  out.push(
    ...multiStage(file, df, final),
    ...minimalBase(file, final),
    ...nonRootUser(file, final),
  );
  return out;
}

function multiStage(file: string, df: ParsedDockerfile, final: Stage): Draft[] {
  if (df.stages.length > 1) return [];
  const image = final.image ?? "";
  const compiles =
    COMPILER_BASE.test(image) ||
    final.instructions.some(
      (i) => i.getKeyword() === "RUN" && COMPILE_COMMAND.test(i.getArgumentsContent() ?? ""),
    );
  if (!compiles) return [];
  return [
    {
      file,
      line: lineOf(final.from),
      column: 1,
      rule: "dockerfile-multi-stage",
      severity: "warning",
      message:
        "single-stage build that compiles code ships the toolchain; build in one stage and COPY --from it into a minimal runtime stage",
    },
  ];
}

function minimalBase(file: string, final: Stage): Draft[] {
  const base = rootStage(final).image;
  if (base === null) return [];
  const ref = parseReference(base);
  if (!ref.ok) return [];
  const path = ref.value.repository.replace(/^docker\.io\/library\//, "");
  if (
    MINIMAL.some((re) => re.test(path) || re.test(ref.value.repository)) ||
    MINIMAL_TAG.test(ref.value.tag ?? "")
  )
    return [];
  if (base.toLowerCase() === "scratch") return [];
  return [
    {
      file,
      line: lineOf(final.from),
      column: 1,
      rule: "dockerfile-minimal-base",
      severity: "notice",
      message: `the final image is based on ${base}, a full OS image; a distroless, -slim or alpine base ships less to patch and attack`,
    },
  ];
}

function nonRootUser(file: string, final: Stage): Draft[] {
  let user: { value: string; line: number } | undefined;
  for (let s: Stage | null = final; s && !user; s = s.parent) {
    const last = s.instructions.filter((i) => i.getKeyword() === "USER").at(-1);
    if (last) user = { value: (last.getArgumentsContent() ?? "").trim(), line: lineOf(last) };
  }
  if (user) {
    const name = user.value.split(":")[0] ?? "";
    if (name !== "root" && name !== "0") return [];
    return [
      {
        file,
        line: user.line,
        column: 1,
        rule: "dockerfile-user",
        severity: "warning",
        message: `the final stage runs as ${user.value}; switch to a non-root USER (e.g. 65532) before CMD/ENTRYPOINT`,
      },
    ];
  }
  const base = rootStage(final).image ?? "";
  if (NON_ROOT_BASE.some((re) => re.test(base))) return [];
  return [
    {
      file,
      line: lineOf(final.from),
      column: 1,
      rule: "dockerfile-user",
      severity: "warning",
      message: "the final stage sets no USER, so the container runs as root; add a non-root USER",
    },
  ];
}
