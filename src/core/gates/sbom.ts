import { z } from "zod";
import type { Sbom, SbomPackage } from "./types.js";

/** Predicate types cosign and others use for SBOM attestations (content is recognized anyway). */
export const SBOM_PREDICATE_TYPES: readonly RegExp[] = [
  /^https:\/\/spdx\.dev\/Document(?:\/v2\.\d+)?$/,
  /^https:\/\/cyclonedx\.org\/bom(?:\/v1\.\d+)?$/,
];

const spdx = z.looseObject({
  spdxVersion: z.string().regex(/^SPDX-2\.\d+$/),
  packages: z
    .array(
      z.looseObject({
        name: z.string(),
        versionInfo: z.string().optional(),
        licenseConcluded: z.string().optional(),
        licenseDeclared: z.string().optional(),
        primaryPackagePurpose: z.string().optional(),
      }),
    )
    .optional(),
});

type CdxComponent = {
  type?: string | undefined;
  name: string;
  version?: string | undefined;
  licenses?:
    | Array<{
        license?: { id?: string | undefined; name?: string | undefined } | undefined;
        expression?: string | undefined;
      }>
    | undefined;
  components?: CdxComponent[] | undefined;
};
const cdxComponent: z.ZodType<CdxComponent> = z.lazy(() =>
  z.looseObject({
    type: z.string().optional(),
    name: z.string(),
    version: z.string().optional(),
    licenses: z
      .array(
        z.looseObject({
          license: z
            .looseObject({ id: z.string().optional(), name: z.string().optional() })
            .optional(),
          expression: z.string().optional(),
        }),
      )
      .optional(),
    components: z.array(cdxComponent).optional(),
  }),
);
const cyclonedx = z.looseObject({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.string(),
  components: z.array(cdxComponent).optional(),
});

/** Package kinds that describe the image or its OS as a whole, skipped when they carry no license. */
const WHOLE = new Set(["container", "operating-system", "operating_system"]);
const NO_ASSERTION = new Set(["NOASSERTION", "NONE", ""]);
const MAX_DEPTH = 32;

/** Reads an SPDX 2.x JSON document or a CycloneDX 1.x JSON BOM; `null` when it is neither. */
export function parseSbom(content: unknown): Sbom | null {
  const s = spdx.safeParse(content);
  if (s.success) {
    const packages: SbomPackage[] = [];
    for (const p of s.data.packages ?? []) {
      const license = [p.licenseConcluded, p.licenseDeclared]
        .map((l) => l?.trim() ?? "")
        .find((l) => !NO_ASSERTION.has(l));
      if (!license && WHOLE.has((p.primaryPackagePurpose ?? "").toLowerCase())) continue;
      packages.push({
        name: p.name,
        version: p.versionInfo ?? null,
        licenses: license ? [license] : [],
      });
    }
    return { format: "spdx", version: s.data.spdxVersion, packages };
  }
  const c = cyclonedx.safeParse(content);
  if (c.success) {
    const packages: SbomPackage[] = [];
    const walk = (components: CdxComponent[], depth: number) => {
      for (const comp of components) {
        const licenses = (comp.licenses ?? [])
          .map((l) => l.expression ?? l.license?.id ?? l.license?.name ?? "")
          .map((l) => l.trim())
          .filter((l) => !NO_ASSERTION.has(l));
        if (licenses.length > 0 || !WHOLE.has((comp.type ?? "").toLowerCase()))
          packages.push({ name: comp.name, version: comp.version ?? null, licenses });
        if (comp.components && depth < MAX_DEPTH) walk(comp.components, depth + 1);
      }
    };
    walk(c.data.components ?? [], 0);
    return { format: "cyclonedx", version: `CycloneDX ${c.data.specVersion}`, packages };
  }
  return null;
}
