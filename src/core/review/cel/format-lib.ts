import { Optional } from "@marcbachmann/cel-js";
import type { Environment } from "@marcbachmann/cel-js";

/** A named string format (k8s.io/apiserver/pkg/cel/library/format.go); `validate` lists problems. */
export class CelFormat {
  constructor(
    readonly name: string,
    readonly check: (s: string) => string[],
  ) {}
}

class FormatNamespace {}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const pattern =
  (re: RegExp, max: number, what: string, prefix = false) =>
  (s: string): string[] => {
    const v = prefix ? s.replace(/-$/, "") : s;
    const out: string[] = [];
    if (v.length > max) out.push(`must be no more than ${max} characters`);
    if (!(prefix && v === "") && !re.test(v))
      out.push(`a ${what} must consist of lower case alphanumeric characters or '-'`);
    return out;
  };

function qualifiedName(s: string): string[] {
  const parts = s.split("/");
  if (parts.length > 2)
    return ["a qualified name must consist of a name and an optional DNS subdomain prefix"];
  const name = parts.at(-1) ?? "";
  const out = [...(parts.length === 2 ? pattern(SUBDOMAIN, 253, "prefix")(parts[0] ?? "") : [])];
  if (name.length > 63) out.push("name part must be no more than 63 characters");
  if (!QUALIFIED.test(name))
    out.push("name part must consist of alphanumeric characters, '-', '_' or '.'");
  return out;
}

const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: pattern(LABEL, 63, "lowercase RFC 1123 label"),
  dns1123Subdomain: pattern(SUBDOMAIN, 253, "lowercase RFC 1123 subdomain"),
  dns1035Label: pattern(LABEL_1035, 63, "DNS-1035 label"),
  dns1123LabelPrefix: pattern(LABEL, 63, "lowercase RFC 1123 label", true),
  dns1123SubdomainPrefix: pattern(SUBDOMAIN, 253, "lowercase RFC 1123 subdomain", true),
  dns1035LabelPrefix: pattern(LABEL_1035, 63, "DNS-1035 label", true),
  qualifiedName,
  labelValue: (s) =>
    s.length > 63
      ? ["must be no more than 63 characters"]
      : LABEL_VALUE.test(s)
        ? []
        : [
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'",
          ],
  uri: (s) => (/^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$|^\/\S*$/.test(s) ? [] : ["invalid URI"]),
  uuid: (s) =>
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)
      ? []
      : ["does not match the UUID format"],
  byte: (s) =>
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)
      ? []
      : ["invalid base64"],
  date: (s) =>
    /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? [] : ["invalid date"],
  datetime: (s) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s)
      ? []
      : ["invalid date-time"],
};

/** The Kubernetes format library: `format.dns1123Label().validate(s)`, `format.named("uuid")`. */
export function registerFormat(env: Environment): void {
  env
    .registerType("Format", CelFormat)
    .registerType("FormatNamespace", FormatNamespace)
    .registerConstant("format", "FormatNamespace", new FormatNamespace())
    .registerFunction(
      "FormatNamespace.named(string): optional<Format>",
      (_: unknown, name: string) => {
        const check = FORMATS[name];
        return check ? Optional.of(new CelFormat(name, check)) : Optional.none();
      },
    )
    .registerFunction(
      "Format.validate(string): optional<list<string>>",
      (f: CelFormat, s: string) => {
        const problems = f.check(s);
        return problems.length ? Optional.of(problems) : Optional.none();
      },
    );
  for (const [name, check] of Object.entries(FORMATS))
    env.registerFunction(`FormatNamespace.${name}(): Format`, () => new CelFormat(name, check));
}
