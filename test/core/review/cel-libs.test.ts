import { describe, expect, it } from "vitest";
import { admissionEnvironment } from "../../../src/core/review/cel/environment.js";
import { compileExpression } from "../../../src/core/review/cel/compile.js";
import { parseQuantity } from "../../../src/core/review/quantity.js";

const ev = (expression: string, object: unknown = {}) => {
  const program = compileExpression(expression);
  if (!program.ok) throw new Error(program.error.message);
  return program.value({
    object,
    oldObject: null,
    request: {},
    params: null,
    namespaceObject: null,
    variables: {},
  });
};

describe("Kubernetes quantities", () => {
  it.each([
    ["1Gi", "1024Mi", 0],
    ["500m", "0.5", 0],
    ["1.5", "1500m", 0],
    ["2e3", "2k", 0],
    ["100Mi", "100M", 1],
    ["0.1", "99m", 1],
    ["-1", "0", -1],
    ["1E-3", "1m", 0],
  ])("%s compared with %s is %d", (a, b, expected) => {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    if (!qa.ok || !qb.ok) throw new Error("parse");
    expect(qa.value.compareTo(qb.value)).toBe(expected);
  });

  it("rejects what kubectl rejects", () => {
    for (const bad of ["", "1.2.3", "10 Mi", "1KiB", "Mi", "1e"])
      expect(parseQuantity(bad).ok, bad).toBe(false);
  });

  it("is a CEL type with the Kubernetes library's methods", () => {
    expect(ev("quantity('1Gi').compareTo(quantity('1000Mi'))")).toBe(1n);
    expect(ev("quantity('1.5').isInteger()")).toBe(false);
    expect(ev("quantity('2k').asInteger()")).toBe(2000n);
    expect(ev("quantity('250m').asApproximateFloat()")).toBe(0.25);
    expect(ev("quantity('1').add(quantity('500m')).isGreaterThan(quantity('1400m'))")).toBe(true);
    expect(ev("quantity('1').sub(2).sign()")).toBe(-1n);
    expect(ev("isQuantity('12Qi')")).toBe(false);
    expect(ev("quantity(string(object.cpu)) == quantity('2000m')", { cpu: 2n })).toBe(true);
    expect(() => ev("quantity('1.5').asInteger()")).toThrow(/cannot convert/);
  });
});

describe("other Kubernetes and cel-go extension libraries", () => {
  it("regex find and findAll", () => {
    expect(ev("'image: a:1 b:2'.find('[a-z]:[0-9]')")).toBe("a:1");
    expect(ev("'a1b2c3'.findAll('[0-9]')")).toEqual(["1", "2", "3"]);
    expect(ev("'a1b2c3'.findAll('[0-9]', 2)")).toEqual(["1", "2"]);
    expect(ev("'abc'.find('x')")).toBe("");
  });

  it("url", () => {
    expect(ev("url('https://user@example.com:8443/a%20b?x=1&x=2').getPort()")).toBe("8443");
    expect(ev("url('https://example.com:8443/p').getHostname()")).toBe("example.com");
    expect(ev("url('https://[::1]:80/').getHostname()")).toBe("::1");
    expect(ev("url('https://example.com/p?x=1&x=2').getQuery()")).toEqual(
      new Map([["x", ["1", "2"]]]),
    );
    expect(ev("url('/healthz').getEscapedPath()")).toBe("/healthz");
    expect(ev("isURL('not a url')")).toBe(false);
  });

  it("lists, sets and strings", () => {
    expect(ev("[3, 1, 2].sort()")).toEqual([1n, 2n, 3n]);
    expect(
      ev("[1, 2, 3].sum() == 6 && [1, 2].isSorted() && [4, 9].max() == 9 && [4, 9].min() == 4"),
    ).toBe(true);
    expect(ev("['a', 'b', 'a'].distinct()")).toEqual(["a", "b"]);
    expect(ev("[[1], [2, [3]]].flatten()")).toEqual([1n, 2n, [3n]]);
    expect(ev("lists.range(3)")).toEqual([0n, 1n, 2n]);
    expect(
      ev(
        "sets.contains(['a', 'b'], ['a']) && !sets.intersects([1], [2]) && sets.equivalent([1, 2], [2, 1])",
      ),
    ).toBe(true);
    expect(ev("'a-b-c'.replace('-', '_', 1)")).toBe("a_b-c");
    expect(ev("'hello'.reverse() + 'x'.charAt(0)")).toBe("ollehx");
    expect(ev("'%s has %d replicas (%.1f%%)'.format(['web', 3, 12.5])")).toBe(
      "web has 3 replicas (12.5%)",
    );
    expect(ev("strings.quote('a\"b')")).toBe('"a\\"b"');
  });

  it("format validators and optionals", () => {
    expect(ev("format.dns1123Label().validate('Bad_Name').hasValue()")).toBe(true);
    expect(ev("format.dns1123Label().validate('good-name').hasValue()")).toBe(false);
    expect(ev("format.named('uuid').hasValue() && !format.named('nope').hasValue()")).toBe(true);
    expect(ev("object.?spec.?replicas.orValue(1)", { spec: {} })).toBe(1n);
    expect(ev("object.metadata[?'labels'].hasValue()", { metadata: { labels: {} } })).toBe(true);
  });

  it("orValue/or on a value that is not an optional return it, as the cel-go of Kubernetes and Kyverno do", () => {
    const obj = { spec: { mounts: [{ name: "a" }] } };
    expect(ev("object.spec.mounts.orValue([]).size()", obj)).toBe(1n);
    expect(ev("object.spec.?missing.orValue([]).size()", obj)).toBe(0n);
    expect(ev("object.spec.?mounts.orValue([]).size()", obj)).toBe(1n);
    expect(ev("optional.none().orValue(2) + 1")).toBe(3n);
    expect(ev("object.spec.mounts.or(optional.of([])).size()", obj)).toBe(1n);
    expect(ev("object.spec.?missing.or(optional.of(7)).value()", obj)).toBe(7n);
    expect(ev("object.spec.?missing.or(object.spec.?mounts).hasValue()", obj)).toBe(true);
    // The receiver is still evaluated: a missing field stays an error.
    expect(() => ev("object.spec.missing.orValue([])", obj)).toThrow(/missing/);
    // A receiver statically known not to be optional is a compile error, as in cel-go's checker.
    const r = compileExpression("[1].orValue([])");
    expect(r.ok ? "" : r.error.message).toMatch(/receiver must be optional, got 'list<int>'/);
    const t = compileExpression("optional.of(1).orValue('x')");
    expect(t.ok ? "" : t.error.message).toMatch(/must be compatible type/);
  });

  it("refuses what an offline evaluator cannot know (cluster lookups) at compile time", () => {
    const r = compileExpression(
      "authorizer.group('apps').resource('deployments').check('create').allowed()",
    );
    expect(r.ok).toBe(false);
    const k = compileExpression(
      "image.GetMetadata(object.spec.containers[0].image).config.user != ''",
    );
    expect(k.ok ? "" : k.error.message).toMatch(/Unknown variable: image.*not available offline/);
    expect(r.ok ? "" : r.error.message).toMatch(/authorizer checks need a live API server/);
    expect(admissionEnvironment()).toBe(admissionEnvironment());
  });
});
