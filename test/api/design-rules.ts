/**
 * Design rules of aws-cdk-lib's `docs/DESIGN_GUIDELINES.md` that can be checked mechanically on the
 * jsii assembly (`.jsii`, written by `npx jsii`), which is what the other languages see: a rule
 * broken there breaks Python, Java, .NET and Go users even when TypeScript looks fine.
 */

/** The part of a jsii type reference these rules read. */
export interface TypeRef {
  readonly fqn?: string;
  readonly primitive?: string;
  readonly collection?: unknown;
  readonly union?: unknown;
}

/** A method or property of a jsii type. */
export interface Member {
  readonly name: string;
  readonly static?: boolean;
  readonly abstract?: boolean;
  readonly protected?: boolean;
  readonly optional?: boolean;
  readonly returns?: { readonly type: TypeRef };
  readonly type?: TypeRef;
  readonly docs?: { readonly default?: string; readonly custom?: { readonly [tag: string]: string } };
}

/** A type of a jsii assembly. */
export interface AssemblyType {
  readonly fqn: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly abstract?: boolean;
  readonly datatype?: boolean;
  readonly initializer?: { readonly protected?: boolean };
  readonly methods?: Member[];
  readonly properties?: Member[];
}

/** The part of a jsii assembly these rules read. */
export interface Assembly {
  readonly name: string;
  readonly types: { readonly [fqn: string]: AssemblyType };
}

/** One broken rule: which, where, and what to do. */
export interface Violation {
  readonly rule: string;
  readonly type: string;
  readonly message: string;
}

const members = (type: AssemblyType): Member[] => [...(type.methods ?? []), ...(type.properties ?? [])];

/** "Construct base is private": no exported class named `...Base`; users get the interface and `fromXxx`. */
export function noExportedBase(assembly: Assembly): Violation[] {
  return Object.values(assembly.types)
    .filter((t) => t.kind === 'class' && /Base$/.test(t.name))
    .map((t) => ({ rule: 'no-exported-base', type: t.fqn, message: `${t.name} is exported; keep the base class private and export the interface` }));
}

/**
 * A class whose instances come only from static factories (a static method returns the class,
 * or the class has static members only) must not have a public constructor: in Python, Java and
 * Go it would offer `new X()` (`NewX_Override`), an object that does nothing.
 */
export function noPublicConstructorOnFactoryClasses(assembly: Assembly): Violation[] {
  return Object.values(assembly.types)
    .filter((t) => t.kind === 'class' && t.initializer !== undefined && !t.initializer.protected)
    .filter((t) => {
      const all = members(t);
      const statics = all.filter((m) => m.static);
      const returnsItself = statics.some((m) => m.returns?.type.fqn === t.fqn);
      const staticOnly = statics.length > 0 && statics.length === all.length;
      return returnsItself || staticOnly;
    })
    .map((t) => ({ rule: 'no-public-constructor-on-factory-class', type: t.fqn, message: `${t.name} is made by its static methods but has a public constructor; make it private` }));
}

/**
 * An abstract class must declare what a subclass implements: jsii leaves internal (`_xxx`)
 * members out of the assembly, so an abstract class whose abstract members are all internal
 * shows no abstract member, and a subclass in another language can never work.
 */
export function noAbstractClassWithOnlyInternalMembers(assembly: Assembly): Violation[] {
  return Object.values(assembly.types)
    .filter((t) => t.kind === 'class' && t.abstract)
    .filter((t) => !members(t).some((m) => m.abstract))
    .map((t) => ({
      rule: 'no-abstract-class-without-public-abstract-member',
      type: t.fqn,
      message: `${t.name} is abstract but declares no public or protected abstract member; declare what a subclass implements, or make it a class with a private constructor and factories`,
    }));
}

/**
 * Attributes written before the rule, until they are renamed to the type's full name. Empty since
 * the API renames of issue 18 (`accessPointArn` -> `multiRegionAccessPointArn`, ADR 0018); an
 * entry that no longer exists fails the test, so the list only shrinks.
 */
export const ATTRIBUTES_PENDING_RENAME: string[] = [];

/**
 * Attributes are prefixed with the type's name, as awslint requires of aws-cdk-lib: every
 * `@attribute` of an `IXxx` interface or a class starts with `xxx` (`multiRegionAccessPointArn` on
 * `IMultiRegionAccessPoint`; never a bare `arn`). `allowed` lists `Type.member` exceptions.
 */
export function attributesPrefixedWithTypeName(assembly: Assembly, allowed: readonly string[] = []): Violation[] {
  const violations: Violation[] = [];
  for (const t of Object.values(assembly.types)) {
    if (t.kind === 'enum' || t.datatype) continue;
    const typeName = (t.kind === 'interface' ? t.name.replace(/^I(?=[A-Z])/, '') : t.name).replace(/(?<=.)Base$/, '');
    const prefix = typeName.charAt(0).toLowerCase() + typeName.slice(1);
    for (const m of t.properties ?? []) {
      if (m.docs?.custom?.attribute === undefined || allowed.includes(`${t.name}.${m.name}`)) continue;
      if (!(m.name.startsWith(prefix) && m.name.length > prefix.length)) {
        violations.push({ rule: 'attribute-prefixed-with-type-name', type: t.fqn, message: `${t.name}.${m.name} is an attribute; name it ${prefix}${m.name.charAt(0).toUpperCase()}${m.name.slice(1)}` });
      }
    }
  }
  return violations;
}

/** The attributes of the assembly, as `Type.member`. */
export function attributesOf(assembly: Assembly): string[] {
  return Object.values(assembly.types).flatMap((t) => (t.properties ?? [])
    .filter((m) => m.docs?.custom?.attribute !== undefined)
    .map((m) => `${t.name}.${m.name}`));
}

/** Every optional property of a props struct documents its default (`@default - <behaviour>`). */
export function optionalPropsDocumentDefault(assembly: Assembly): Violation[] {
  const violations: Violation[] = [];
  for (const t of Object.values(assembly.types)) {
    if (t.kind !== 'interface' || !t.datatype) continue;
    for (const m of t.properties ?? []) {
      if (m.optional && !m.docs?.default) {
        violations.push({ rule: 'optional-prop-documents-default', type: t.fqn, message: `${t.name}.${m.name} is optional but has no @default` });
      }
    }
  }
  return violations;
}

/** `grantXxx(grantee)` methods return an `iam.Grant`, as in aws-cdk-lib. */
export function grantsReturnGrant(assembly: Assembly): Violation[] {
  const violations: Violation[] = [];
  for (const t of Object.values(assembly.types)) {
    for (const m of t.methods ?? []) {
      if (/^grant[A-Z]?/.test(m.name) && m.returns?.type.fqn !== 'aws-cdk-lib.aws_iam.Grant') {
        violations.push({ rule: 'grant-returns-grant', type: t.fqn, message: `${t.name}.${m.name}() returns ${m.returns?.type.fqn ?? 'nothing'}, not iam.Grant` });
      }
    }
  }
  return violations;
}

/**
 * A prop that sets what an attribute reads has the attribute's name: `multiRegionAccessPointName`
 * on the props, as on `IMultiRegionAccessPoint` (aws-s3: `bucketName` prop and attribute). A props
 * member that is a shorter camel-case tail of an attribute of two words or more (`accessPointName`
 * for `multiRegionAccessPointName`) is the same thing under another name.
 */
export function propsNamedLikeAttributes(assembly: Assembly): Violation[] {
  const attributes = attributesOf(assembly).map((a) => a.split('.')[1]);
  const violations: Violation[] = [];
  for (const t of Object.values(assembly.types)) {
    if (t.kind !== 'interface' || !t.datatype) continue;
    for (const m of t.properties ?? []) {
      const longer = attributes.find((a) => a !== m.name && a.endsWith(m.name.charAt(0).toUpperCase() + m.name.slice(1)));
      if (longer !== undefined && /[a-z][A-Z]/.test(m.name)) {
        violations.push({ rule: 'props-named-like-attributes', type: t.fqn, message: `${t.name}.${m.name} sets what the attribute ${longer} reads; name it ${longer}` });
      }
    }
  }
  return violations;
}

/** Every rule, by name. */
export const RULES: { readonly [name: string]: (assembly: Assembly) => Violation[] } = {
  'no exported class named ...Base': noExportedBase,
  'no public constructor on a class made by static factories': noPublicConstructorOnFactoryClasses,
  'no abstract class whose abstract members are all internal': noAbstractClassWithOnlyInternalMembers,
  'attributes prefixed with the type name': (assembly) => attributesPrefixedWithTypeName(assembly, ATTRIBUTES_PENDING_RENAME),
  'optional props document their default': optionalPropsDocumentDefault,
  'grantXxx() returns iam.Grant': grantsReturnGrant,
  'props named like the attributes they set': propsNamedLikeAttributes,
};
