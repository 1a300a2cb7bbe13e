/**
 * Compares two cloud assemblies: the same stacks (names, Regions), and in each the same
 * resources (logical IDs, types, properties, deletion policies). CDK metadata and asset hashes
 * are ignored. Exits non-zero, listing the differences, when they differ.
 *
 *   ts-node scripts/compare-assemblies.ts <cdk.out A> <cdk.out B>
 */
import { isDeepStrictEqual } from 'util';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

function normalize(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}).replace(/[0-9a-f]{64}/g, 'ASSET-HASH'));
}

function main([a, b]: string[]): void {
  const [left, right] = [new CloudAssembly(a), new CloudAssembly(b)];
  const differences: string[] = [];
  const stacks = (asm: CloudAssembly) => new Map(asm.stacksRecursively.map((s) => [s.stackName, s]));
  const [ls, rs] = [stacks(left), stacks(right)];
  for (const name of new Set([...ls.keys(), ...rs.keys()])) {
    const [l, r] = [ls.get(name), rs.get(name)];
    if (!l || !r) {
      differences.push(`stack ${name} is only in ${l ? a : b}`);
      continue;
    }
    if (l.environment.region !== r.environment.region) differences.push(`stack ${name}: Region ${l.environment.region} vs ${r.environment.region}`);
    const [lr, rr] = [l.template.Resources ?? {}, r.template.Resources ?? {}];
    for (const id of new Set([...Object.keys(lr), ...Object.keys(rr)])) {
      if (!lr[id] || !rr[id]) {
        differences.push(`${name}/${id} is only in ${lr[id] ? a : b}`);
        continue;
      }
      for (const key of ['Type', 'Properties', 'DeletionPolicy', 'UpdateReplacePolicy', 'DependsOn']) {
        if (!isDeepStrictEqual(normalize(lr[id][key]), normalize(rr[id][key]))) differences.push(`${name}/${id}: ${key} differs`);
      }
    }
  }
  const count = [...ls.values()].reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
  if (differences.length > 0) {
    console.error(`${a} and ${b} differ:\n  ${differences.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${a} and ${b}: the same ${ls.size} stacks and ${count} resources (types, properties, policies)`);
}

main(process.argv.slice(2));
