import * as fs from 'fs';
import * as path from 'path';
import {
  Assembly,
  AssemblyType,
  attributesOf,
  attributesPrefixedWithTypeName,
  ATTRIBUTES_PENDING_RENAME,
  grantsReturnGrant,
  noAbstractClassWithOnlyInternalMembers,
  noExportedBase,
  noPublicConstructorOnFactoryClasses,
  optionalPropsDocumentDefault,
  propsNamedLikeAttributes,
  RULES,
} from './design-rules';

const ASSEMBLY_FILE = path.join(__dirname, '..', '..', '.jsii');

/** The jsii assembly of this library, as the other languages see it. */
function loadAssembly(): Assembly {
  if (!fs.existsSync(ASSEMBLY_FILE)) {
    throw new Error(`${ASSEMBLY_FILE} is missing: run \`npx jsii --silence-warnings=reserved-word\` (or \`npx projen compile\`) first`);
  }
  const built = fs.statSync(ASSEMBLY_FILE).mtimeMs;
  const newer = sourceFiles(path.join(__dirname, '..', '..', 'src')).filter((file) => fs.statSync(file).mtimeMs > built);
  if (newer.length > 0) {
    throw new Error(`${ASSEMBLY_FILE} is older than ${path.relative(process.cwd(), newer[0])}: run \`npx jsii --silence-warnings=reserved-word\` (or \`npx projen compile\`) again`);
  }
  return JSON.parse(fs.readFileSync(ASSEMBLY_FILE, 'utf-8'));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

describe('the jsii assembly follows the design rules', () => {
  const assembly = loadAssembly();

  test('the assembly is this library, with its public types', () => {
    expect(assembly.name).toBe('cdk-multi-region-bucket');
    const names = Object.values(assembly.types).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['MultiRegionAccessPoint', 'IMultiRegionAccessPoint', 'MultiRegionAccessPointOrigin', 'DistributionWebAcl', 'Routing']));
  });

  test.each(Object.keys(RULES))('%s', (rule) => {
    expect(RULES[rule](assembly).map((v) => `${v.type}: ${v.message}`)).toEqual([]);
  });

  test('every attribute pending a rename still exists (the list only shrinks)', () => {
    const attributes = attributesOf(assembly);
    expect(ATTRIBUTES_PENDING_RENAME.filter((a) => !attributes.includes(a))).toEqual([]);
  });

  test('MultiRegionAccessPoint still offers the members of its private base (jsii copies them in)', () => {
    const mrap = Object.values(assembly.types).find((t) => t.name === 'MultiRegionAccessPoint')!;
    const names = [...(mrap.methods ?? []), ...(mrap.properties ?? [])].map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['grants', 'arnForObjects', 'multiRegionAccessPointDomainName', 'multiRegionAccessPointRef']));
  });

  test('grants go through grants classes: no grantXxx method, a grants property wherever there were grants (ADR 0018)', () => {
    const grantMethods = Object.values(assembly.types).flatMap((t) => (t.methods ?? []).filter((m) => /^grant[A-Z]/.test(m.name)).map((m) => `${t.name}.${m.name}`));
    expect(grantMethods).toEqual([]);
    const withGrants = Object.values(assembly.types).filter((t) => (t.properties ?? []).some((p) => p.name === 'grants')).map((t) => t.name).sort();
    expect(withGrants).toEqual(['IMultiRegionAccessPoint', 'MultiRegionAccessPoint', 'MultiRegionBucket']);
    const grants = Object.values(assembly.types).find((t) => t.name === 'MultiRegionAccessPointGrants')!;
    expect((grants.methods ?? []).map((m) => m.name).sort()).toEqual(['actions', 'fromMultiRegionAccessPoint', 'manage', 'read', 'readWrite', 'write']);
    expect(grants.initializer).toBeUndefined();
  });
});

describe('each rule catches the defect it is about', () => {
  const assemblyOf = (...types: AssemblyType[]): Assembly => ({ name: 'test', types: Object.fromEntries(types.map((t) => [t.fqn, t])) });
  const grant = { type: { fqn: 'aws-cdk-lib.aws_iam.Grant' } };

  test('an exported ...Base class', () => {
    expect(noExportedBase(assemblyOf({ fqn: 't.ThingBase', kind: 'class', name: 'ThingBase', abstract: true }))).toHaveLength(1);
    expect(noExportedBase(assemblyOf({ fqn: 't.Thing', kind: 'class', name: 'Thing' }))).toHaveLength(0);
  });

  test('a public constructor on a class made by its static methods', () => {
    const factory = (initializer?: { protected?: boolean }): AssemblyType => ({
      fqn: 't.Origin',
      kind: 'class',
      name: 'Origin',
      initializer,
      methods: [{ name: 'withOriginAccessControl', static: true, returns: { type: { fqn: 'aws-cdk-lib.aws_cloudfront.IOrigin' } } }],
    });
    expect(noPublicConstructorOnFactoryClasses(assemblyOf(factory({})))).toHaveLength(1);
    expect(noPublicConstructorOnFactoryClasses(assemblyOf(factory(undefined)))).toHaveLength(0);
    expect(noPublicConstructorOnFactoryClasses(assemblyOf(factory({ protected: true })))).toHaveLength(0);
    const selfFactory: AssemblyType = {
      fqn: 't.Acl',
      kind: 'class',
      name: 'Acl',
      initializer: {},
      methods: [{ name: 'fromArn', static: true, returns: { type: { fqn: 't.Acl' } } }, { name: 'describe', returns: { type: { primitive: 'string' } } }],
    };
    expect(noPublicConstructorOnFactoryClasses(assemblyOf(selfFactory))).toHaveLength(1);
    const construct: AssemblyType = {
      fqn: 't.Point',
      kind: 'class',
      name: 'Point',
      initializer: {},
      methods: [{ name: 'fromPointArn', static: true, returns: { type: { fqn: 't.IPoint' } } }, { name: 'grantRead', returns: grant }],
    };
    expect(noPublicConstructorOnFactoryClasses(assemblyOf(construct))).toHaveLength(0);
  });

  test('an abstract class whose only abstract member is internal (absent from the assembly)', () => {
    const acl: AssemblyType = { fqn: 't.Acl', kind: 'class', name: 'Acl', abstract: true, initializer: {}, methods: [{ name: 'fromArn', static: true, returns: { type: { fqn: 't.Acl' } } }] };
    expect(noAbstractClassWithOnlyInternalMembers(assemblyOf(acl))).toHaveLength(1);
    expect(noAbstractClassWithOnlyInternalMembers(assemblyOf({ ...acl, methods: [...acl.methods!, { name: 'bind', abstract: true }] }))).toHaveLength(0);
  });

  test('an attribute not prefixed with the type name', () => {
    const point = (name: string): AssemblyType => ({
      fqn: 't.IMultiRegionAccessPoint',
      kind: 'interface',
      name: 'IMultiRegionAccessPoint',
      properties: [{ name, docs: { custom: { attribute: 'true' } } }],
    });
    expect(attributesPrefixedWithTypeName(assemblyOf(point('arn')))).toHaveLength(1);
    expect(attributesPrefixedWithTypeName(assemblyOf(point('accessPointArn')))).toHaveLength(1);
    expect(attributesPrefixedWithTypeName(assemblyOf(point('multiRegionAccessPointArn')))).toHaveLength(0);
    expect(attributesPrefixedWithTypeName(assemblyOf(point('multiRegionAccessPoint')))).toHaveLength(1);
    expect(attributesPrefixedWithTypeName(assemblyOf(point('accessPointArn')), ['IMultiRegionAccessPoint.accessPointArn'])).toHaveLength(0);
  });

  test('an optional prop without @default', () => {
    const props = (docs?: { default?: string }): AssemblyType => ({ fqn: 't.P', kind: 'interface', name: 'P', datatype: true, properties: [{ name: 'x', optional: true, docs }] });
    expect(optionalPropsDocumentDefault(assemblyOf(props()))).toHaveLength(1);
    expect(optionalPropsDocumentDefault(assemblyOf(props({ default: '- none' })))).toHaveLength(0);
  });

  test('a grant that does not return iam.Grant', () => {
    const t = (returns?: { type: { fqn?: string } }): AssemblyType => ({ fqn: 't.B', kind: 'class', name: 'B', methods: [{ name: 'grantRead', returns }] });
    expect(grantsReturnGrant(assemblyOf(t()))).toHaveLength(1);
    expect(grantsReturnGrant(assemblyOf(t(grant)))).toHaveLength(0);
  });

  test('a prop named differently from the attribute it sets', () => {
    const point: AssemblyType = { fqn: 't.IMultiRegionAccessPoint', kind: 'interface', name: 'IMultiRegionAccessPoint', properties: [{ name: 'multiRegionAccessPointName', docs: { custom: { attribute: 'true' } } }] };
    const props = (name: string): AssemblyType => ({ fqn: 't.P', kind: 'interface', name: 'P', datatype: true, properties: [{ name, optional: true }] });
    expect(propsNamedLikeAttributes(assemblyOf(point, props('accessPointName')))).toHaveLength(1);
    expect(propsNamedLikeAttributes(assemblyOf(point, props('pointName')))).toHaveLength(1);
    expect(propsNamedLikeAttributes(assemblyOf(point, props('multiRegionAccessPointName')))).toHaveLength(0);
    expect(propsNamedLikeAttributes(assemblyOf(point, props('name')))).toHaveLength(0);
  });
});
