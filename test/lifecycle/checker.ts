/**
 * The transition checker: what one `cdk deploy --all` from cloud assembly A to cloud assembly B
 * does, derived in CloudFormation's order, and whether it deploys, fails, or silently loses
 * replication, monitoring, keys or data. The model, and what it cannot know, is
 * docs/adr/0013-transition-checker-model.md; the facts it rests on are listed there.
 */
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { isStateful, nameProperty, NameScope, nameScope, replacementOf } from './schema';

/** One deployed (or to be deployed) stack. */
export interface StackModel {
  /** account/region/stackName: what CloudFormation identifies a stack by. */
  readonly key: string;
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  /** The cloud assembly artifact id (from the construct path): how a renamed stack is recognized. */
  readonly artifactId: string;
  readonly template: Template;
  /** Keys of the stacks this one deploys after. */
  readonly dependencies: string[];
}

export interface Template {
  readonly Resources?: Record<string, Resource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
}

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** An app as the checker sees it: its stacks. */
export interface AppModel {
  readonly stacks: StackModel[];
  /** Names held by resources that left their stacks retained (they keep their names outside CloudFormation). */
  readonly retained?: RetainedName[];
}

/** A name held by a retained resource: where it is unique (type, scope and name) and how to say who holds it. */
export interface RetainedName {
  readonly nameKey: string;
  readonly holder: string;
  readonly by: string;
}

/** How bad a finding is: `fails` stops the deploy, `silent` loses something without an error. */
export type Severity = 'fails' | 'silent' | 'warn' | 'info';

export type FindingKind =
  | 'replacement'
  | 'custom-name-replacement'
  | 'name-clash'
  | 'stateful-replaced'
  | 'stateful-deleted'
  | 'export-in-use'
  | 'import-missing'
  | 'replication-undone'
  | 'replication-window'
  | 'replication-owners'
  | 'custom-resource-replaced'
  | 'routes-left'
  | 'monitoring-replaced'
  | 'stack-left'
  | 'stack-renamed'
  | 'left-stack-undoes'
  | 'custom-resource-left'
  | 'routes-undone'
  | 'key-before-bucket'
  | 'left-stack-live';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** The stack (name) and resource (logical id) it is about. */
  readonly stack: string;
  readonly resource?: string;
  readonly message: string;
}

export type Classification = 'deploys safely' | 'fails at deploy' | 'silent loss';

export interface Verdict {
  readonly classification: Classification;
  readonly findings: Finding[];
  /** The stacks of B in the order `cdk deploy --all` updates them. */
  readonly order: string[];
  /** What happens to each resource that changes, in that order. */
  readonly changes: ChangeSummary[];
  /** What is deployed after it: B's stacks, A's stacks B lacks (left deployed), and the names retained resources hold. */
  readonly deployed: AppModel;
}

/** One resource's fate in the deploy: create, update, replace or delete, and the properties that changed. */
export interface ChangeSummary {
  readonly stack: string;
  readonly resource: string;
  readonly type: string;
  readonly action: string;
  readonly properties: string[];
}

/** Reads a cloud assembly's stacks (nested stages included). */
export function appModel(assembly: CloudAssembly): AppModel {
  const stacks = assembly.stacksRecursively;
  const keyOf = (s: CloudFormationStackArtifact) => `${s.environment.account}/${s.environment.region}/${s.stackName}`;
  return {
    stacks: stacks.map((s) => ({
      key: keyOf(s),
      stackName: s.stackName,
      region: s.environment.region,
      account: s.environment.account,
      artifactId: s.id,
      template: s.template,
      dependencies: s.dependencies.filter((d): d is CloudFormationStackArtifact => d instanceof CloudFormationStackArtifact).map(keyOf),
    })),
  };
}

/** The verdict's classification from its findings. */
export function classify(findings: Finding[]): Classification {
  if (findings.some((f) => f.severity === 'fails')) return 'fails at deploy';
  if (findings.some((f) => f.severity === 'silent')) return 'silent loss';
  return 'deploys safely';
}

/** A stack as a finding names it: its name, and its account and Region (what CloudFormation identifies it by). */
function identity(stack: StackModel): string {
  return `${stack.stackName} (${stack.account}/${stack.region})`;
}

/** What one resource does in this deploy. */
type Action = 'create' | 'update' | 'replace' | 'delete' | 'keep';

interface ResourceChange {
  readonly stack: StackModel;
  readonly logicalId: string;
  readonly action: Action;
  readonly before?: Resource;
  readonly after?: Resource;
  /** Properties that changed (resolved), and those of them that replace the resource. */
  readonly changed: string[];
  readonly replacing: string[];
}

/** An AWS SDK call of an `AwsCustomResource` (`Custom::*` with Create/Update/Delete JSON). */
interface SdkCall {
  readonly service: string;
  readonly action: string;
  readonly parameters: Record<string, unknown>;
  readonly physicalResourceId?: string;
}

/** A replication configuration's state on one bucket, and who set it. */
interface ReplicationState {
  readonly owner?: string;
  readonly step: string;
}

/**
 * Derives what `cdk deploy --all` from `a` to `b` does, and classifies it.
 *
 * Stacks of B are updated one after another in dependency order; stacks of A that B lacks are
 * left deployed. Inside a stack, creates and updates come first and deletes of removed or
 * replaced resources last (the cleanup phase). Values are compared resolved (references to names,
 * imports followed to their export), so a reference that yields the same value is no change.
 */
export function checkTransition(a: AppModel, b: AppModel): Verdict {
  return new Transition(a, b).run();
}

/** The stacks deployed after `cdk deploy --all` from `a` to `b`: B's, and A's that B lacks (`cdk deploy` never deletes a stack). */
export function deployedAfter(a: AppModel, b: AppModel): AppModel {
  const inB = new Set(b.stacks.map((s) => s.key));
  return { stacks: [...b.stacks, ...a.stacks.filter((s) => !inB.has(s.key))], retained: [...(a.retained ?? []), ...(b.retained ?? [])] };
}

/**
 * A deployed stack to delete, as `aws cloudformation delete-stack --stack-name <name> --region <region>`
 * (or `cdk destroy` while the stack is still in the app) names it; `account` when two accounts have it.
 */
export interface StackSelector {
  readonly stackName: string;
  readonly region: string;
  readonly account?: string;
}

/**
 * What deleting deployed stacks does: every resource of theirs is deleted (retained ones stay,
 * with their names), custom resources run Delete, an export still imported stops the delete.
 * Checked like a deploy whose new templates of those stacks are empty; `after` is what stays deployed.
 */
export function checkDestroy(deployed: AppModel, selectors: StackSelector[]): { verdict: Verdict; after: AppModel } {
  const doomed = selectors.map((sel) => {
    const found = deployed.stacks.filter((s) => s.stackName === sel.stackName && s.region === sel.region
      && (sel.account === undefined || s.account === sel.account));
    if (found.length !== 1) {
      throw new Error(`${found.length} deployed stacks are ${sel.stackName} in ${sel.region}${sel.account ? ` of ${sel.account}` : ''}: `
        + `deployed are ${deployed.stacks.map((s) => s.key).join(', ')}`);
    }
    return found[0];
  });
  const keys = new Set(doomed.map((s) => s.key));
  const kept = deployed.stacks.filter((s) => !keys.has(s.key));
  const emptied = doomed.map((s) => ({ ...s, template: { Resources: {} }, dependencies: [] }));
  const verdict = checkTransition(deployed, { stacks: [...kept, ...emptied], retained: deployed.retained });
  return { verdict, after: { stacks: kept, retained: verdict.deployed.retained } };
}

class Transition {
  private readonly findings: Finding[] = [];
  private readonly aStacks: Map<string, StackModel>;
  private readonly bStacks: Map<string, StackModel>;
  /** Resources (stack key/logical id) replaced in this deploy: their references resolve to new values in B. */
  private readonly replaced = new Set<string>();
  /** The names retained resources hold after this deploy (from before, and those retained now). */
  private retainedAfter: RetainedName[] = [];

  constructor(private readonly a: AppModel, private readonly b: AppModel) {
    this.aStacks = new Map(a.stacks.map((s) => [s.key, s]));
    this.bStacks = new Map(b.stacks.map((s) => [s.key, s]));
  }

  public run(): Verdict {
    const order = deployOrder(this.b.stacks);
    const changes = this.changes(order);
    this.stacksLeft();
    this.replacements(changes);
    this.exportsAndImports(order);
    this.names(order, changes);
    this.replication(order, changes);
    this.customResourcesLeft(changes);
    this.routes(changes);
    this.keys(changes);
    this.leftStacksLive();
    this.alarms(changes);
    return {
      classification: classify(this.findings),
      findings: this.findings,
      order: order.map((s) => s.stackName),
      changes: changes.filter((c) => c.action !== 'keep').map((c) => ({
        stack: c.stack.stackName, resource: c.logicalId, type: (c.after ?? c.before)!.Type, action: c.action, properties: c.changed,
      })),
      deployed: { stacks: deployedAfter(this.a, { stacks: this.b.stacks }).stacks, retained: this.retainedAfter },
    };
  }

  private add(finding: Finding): void {
    this.findings.push(finding);
  }

  /** The changes of every resource, to a fixpoint: a replaced resource changes what refers to it. */
  private changes(order: StackModel[]): ResourceChange[] {
    for (let round = 0; round < 10; round++) {
      const changes = order.flatMap((stack) => this.stackChanges(stack));
      const replaced = changes.filter((c) => c.action === 'replace').map((c) => `${c.stack.key}/${c.logicalId}`);
      if (replaced.every((r) => this.replaced.has(r))) return changes;
      replaced.forEach((r) => this.replaced.add(r));
    }
    throw new Error('replacements did not settle after 10 rounds');
  }

  private stackChanges(stack: StackModel): ResourceChange[] {
    const before = this.aStacks.get(stack.key);
    const beforeResources = before?.template.Resources ?? {};
    const afterResources = stack.template.Resources ?? {};
    const out: ResourceChange[] = [];
    for (const [logicalId, after] of Object.entries(afterResources)) {
      const old = beforeResources[logicalId];
      if (!old || old.Type !== after.Type) {
        if (old) out.push({ stack, logicalId, action: 'delete', before: old, changed: [], replacing: [] });
        out.push({ stack, logicalId, action: 'create', after, changed: [], replacing: [] });
        continue;
      }
      const keys = new Set([...Object.keys(old.Properties ?? {}), ...Object.keys(after.Properties ?? {})]);
      const changed: string[] = [];
      const replacing: string[] = [];
      for (const key of keys) {
        const x = this.resolve(old.Properties?.[key], 'a', before!);
        const y = this.resolve(after.Properties?.[key], 'b', stack);
        if (JSON.stringify(x) === JSON.stringify(y)) continue;
        changed.push(key);
        if (replacementOf(after.Type, key, x, y) !== 'no') replacing.push(key);
      }
      const action: Action = replacing.length > 0 ? 'replace' : changed.length > 0 ? 'update' : 'keep';
      out.push({ stack, logicalId, action, before: old, after, changed, replacing });
    }
    for (const [logicalId, old] of Object.entries(beforeResources)) {
      if (!afterResources[logicalId]) out.push({ stack, logicalId, action: 'delete', before: old, changed: [], replacing: [] });
    }
    return out;
  }

  // ---- values -------------------------------------------------------------------------------

  /** A template value with intrinsics resolved as far as synthesis knows them. */
  private resolve(value: unknown, side: 'a' | 'b', stack: StackModel): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, side, stack));
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      switch (fn) {
        case 'Ref': return this.ref(String(arg), side, stack);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
          return `${this.ref(String(logicalId), side, stack)}.${attribute}`;
        }
        case 'Fn::ImportValue': return this.importValue(String(this.resolve(arg, side, stack)), side);
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, unknown[]];
          return (this.resolve(parts, side, stack) as unknown[]).map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p).replace(/"/g, '')}>`)).join(separator);
        }
        default: break;
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v, side, stack)]));
  }

  private ref(name: string, side: 'a' | 'b', stack: StackModel): string {
    switch (name) {
      case 'AWS::Region': return stack.region;
      case 'AWS::AccountId': return stack.account;
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return stack.stackName;
      default: break;
    }
    const resource = stack.template.Resources?.[name];
    if (!resource) return `<${name}>`;
    return this.physicalId(resource, side, stack, name);
  }

  /** The physical id of a resource: its custom name, or a generated id that changes when it is replaced. */
  private physicalId(resource: Resource, side: 'a' | 'b', stack: StackModel, logicalId: string): string {
    const nameKey = nameProperty(resource.Type);
    const name = nameKey && resource.Properties?.[nameKey];
    if (typeof name === 'string') return name;
    const id = `${stack.stackName}/${logicalId}`;
    return side === 'b' && this.replaced.has(`${stack.key}/${logicalId}`) ? `${id}#replaced` : id;
  }

  private importValue(exportName: string, side: 'a' | 'b'): unknown {
    for (const stack of (side === 'a' ? this.a : this.b).stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export && this.resolve(output.Export.Name, side, stack) === exportName) return this.resolve(output.Value, side, stack);
      }
    }
    return `<import ${exportName}>`;
  }

  /** The exports of a stack (name → resolved value). */
  private exportsOf(stack: StackModel, side: 'a' | 'b'): Map<string, string> {
    const out = new Map<string, string>();
    for (const output of Object.values(stack.template.Outputs ?? {})) {
      if (output.Export) out.set(String(this.resolve(output.Export.Name, side, stack)), JSON.stringify(this.resolve(output.Value, side, stack)));
    }
    return out;
  }

  /** The export names a stack imports. */
  private importsOf(stack: StackModel, side: 'a' | 'b'): Set<string> {
    const out = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {v.forEach(walk);} else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'Fn::ImportValue') out.add(String(this.resolve(x, side, stack)));
          else walk(x);
        }
      }
    };
    walk(stack.template);
    return out;
  }

  // ---- checks -------------------------------------------------------------------------------

  private stacksLeft(): void {
    const bByArtifact = new Map(this.b.stacks.map((s) => [s.artifactId, s]));
    for (const stack of this.a.stacks) {
      if (this.bStacks.has(stack.key)) continue;
      const renamed = bByArtifact.get(stack.artifactId);
      const kept = Object.entries(stack.template.Resources ?? {}).filter(([, r]) => isStateful(r.Type)).map(([id, r]) => `${id} (${r.Type})`);
      const held = kept.length > 0 ? `, with ${kept.join(', ')}` : '';
      if (renamed && !this.aStacks.has(renamed.key)) {
        this.add({
          kind: 'stack-renamed',
          severity: 'warn',
          stack: stack.stackName,
          message: `stack ${identity(stack)} is now ${identity(renamed)}: CloudFormation creates a new stack and \`cdk deploy --all\` leaves ${identity(stack)} deployed${held}`,
        });
      } else {
        this.add({
          kind: 'stack-left',
          severity: 'warn',
          stack: stack.stackName,
          // Not `cdk destroy`: it selects stacks of the app, and this one is no longer in it.
          message: `stack ${identity(stack)} left the app: \`cdk deploy --all\` leaves it deployed${held}; `
            + `delete it with \`aws cloudformation delete-stack --stack-name ${stack.stackName} --region ${stack.region}\` (retained resources stay)`,
        });
      }
    }
  }

  private replacements(changes: ResourceChange[]): void {
    for (const c of changes) {
      const type = (c.after ?? c.before)!.Type;
      const where = { stack: c.stack.stackName, resource: c.logicalId };
      if (c.action === 'replace') {
        const nameKey = nameProperty(type);
        const named = nameKey !== undefined && c.after!.Properties?.[nameKey] !== undefined
          && JSON.stringify(this.resolve(c.before!.Properties?.[nameKey], 'a', this.aStacks.get(c.stack.key)!)) === JSON.stringify(this.resolve(c.after!.Properties?.[nameKey], 'b', c.stack));
        if (named) {
          this.add({
            ...where,
            kind: 'custom-name-replacement',
            severity: 'fails',
            message: `${type} ${c.logicalId} must be replaced (${c.replacing.join(', ')} changed) but keeps its name ${String(c.after!.Properties![nameKey])}: `
              + '"CloudFormation cannot update a stack when a custom-named resource requires replacing"',
          });
          continue;
        }
        this.add({ ...where, kind: 'replacement', severity: 'info', message: `${type} ${c.logicalId} is replaced (${c.replacing.join(', ')} changed)` });
        if (isStateful(type)) this.statefulReplaced(c, type);
      }
      if (c.action === 'delete' && isStateful(type)) this.statefulDeleted(c, type, changes);
    }
  }

  private statefulReplaced(c: ResourceChange, type: string): void {
    const where = { stack: c.stack.stackName, resource: c.logicalId };
    const retained = (c.before!.UpdateReplacePolicy ?? 'Delete') !== 'Delete';
    const old = retained ? 'the old one is retained outside CloudFormation' : 'the old one is deleted';
    switch (type) {
      case 'AWS::S3::Bucket':
        this.add({ ...where, kind: 'stateful-replaced', severity: 'silent', message: `bucket ${c.logicalId} is replaced by a new, empty bucket (${c.replacing.join(', ')} changed); ${old}${retained ? ' with its objects' : ''}` });
        break;
      case 'AWS::KMS::Key':
        this.add({ ...where, kind: 'stateful-replaced', severity: 'silent', message: `key ${c.logicalId} is replaced by a new key; ${old}, and objects encrypted with it need it` });
        break;
      case 'AWS::SNS::Topic':
        this.add({ ...where, kind: 'stateful-replaced', severity: 'silent', message: `topic ${c.logicalId} is replaced: the subscriptions made to the old one are lost` });
        break;
      default:
        this.add({ ...where, kind: 'stateful-replaced', severity: 'warn', message: `${type} ${c.logicalId} is replaced (${c.replacing.join(', ')} changed): a new ${describeIdentity(type)}` });
    }
  }

  private statefulDeleted(c: ResourceChange, type: string, changes: ResourceChange[]): void {
    const where = { stack: c.stack.stackName, resource: c.logicalId };
    const policy = c.before!.DeletionPolicy ?? 'Delete';
    const kept = policy !== 'Delete';
    // A bucket that leaves a stack which creates another bucket in the same deploy (a construct id
    // or logical id keyed by something that changed): the data stays behind, the app uses an empty one.
    const candidates = type === 'AWS::S3::Bucket' ? changes.filter((x) => x.stack.key === c.stack.key && x.action === 'create' && x.after!.Type === type) : [];
    const successor = candidates.sort((x, y) => commonSuffix(y.logicalId, c.logicalId) - commonSuffix(x.logicalId, c.logicalId))[0];
    if (successor) {
      this.add({
        ...where,
        kind: 'stateful-replaced',
        severity: 'silent',
        message: `bucket ${c.logicalId} leaves the template (${kept ? 'retained with its objects' : 'deleted'}) while ${successor.logicalId} is created in the same stack: `
          + 'the app moves to a new, empty bucket',
      });
      return;
    }
    if (type === 'AWS::KMS::Key' && !kept) {
      // A bucket that used it and stays is reported by `keys` (key-before-bucket).
      if (this.bucketsStayingWith(c).length > 0) return;
      this.add({ ...where, kind: 'stateful-deleted', severity: 'silent', message: `key ${c.logicalId} is scheduled for deletion: objects it encrypted become unreadable` });
      return;
    }
    const fate = kept ? `retained (${policy}) with its data outside CloudFormation` : 'deleted with its data (removal policy DESTROY)';
    this.add({ ...where, kind: 'stateful-deleted', severity: 'warn', message: `${type} ${c.logicalId} leaves the template: ${fate}` });
  }

  /** Exports dropped or changed while a stack still imports them, and imports of exports that do not exist yet. */
  private exportsAndImports(order: StackModel[]): void {
    const updated = new Set<string>();
    const templateAt = (key: string): { stack: StackModel; side: 'a' | 'b' } | undefined =>
      updated.has(key) ? { stack: this.bStacks.get(key)!, side: 'b' } : this.aStacks.has(key) ? { stack: this.aStacks.get(key)!, side: 'a' } : undefined;
    const allKeys = new Set([...this.aStacks.keys(), ...this.bStacks.keys()]);
    for (const stack of order) {
      const before = this.aStacks.get(stack.key);
      // Imports: each must be exported, at this point, by a stack updated earlier or not yet updated.
      for (const name of this.importsOf(stack, 'b')) {
        const exported = [...allKeys].some((key) => {
          if (key === stack.key) return false;
          const at = templateAt(key);
          return at !== undefined && this.exportsOf(at.stack, at.side).has(name);
        });
        if (!exported) {
          this.add({ kind: 'import-missing', severity: 'fails', stack: stack.stackName, message: `imports ${name}, which no stack exports when ${stack.stackName} is updated` });
        }
      }
      // Exports: one dropped or changed must not be imported by a stack that still has its old template.
      if (before) {
        const old = this.exportsOf(before, 'a');
        const now = this.exportsOf(stack, 'b');
        for (const [name, value] of old) {
          if (now.get(name) === value) continue;
          const importers = [...allKeys].filter((key) => key !== stack.key).filter((key) => {
            const at = templateAt(key);
            return at !== undefined && this.importsOf(at.stack, at.side).has(name);
          });
          if (importers.length > 0) {
            const what = now.has(name) ? 'changes' : 'drops';
            this.add({
              kind: 'export-in-use',
              severity: 'fails',
              stack: stack.stackName,
              message: `${what} export ${name}, which ${importers.map((k) => (this.bStacks.get(k) ?? this.aStacks.get(k))!.stackName).join(', ')} still imports`
                + ' when it is updated ("Cannot delete export ... as it is in use by ...")',
            });
          }
        }
      }
      updated.add(stack.key);
    }
  }

  /**
   * Custom names created while another resource still holds them: in this deploy, retained from
   * before, or held by a stack that is no longer in the app but still deployed. A name is held in
   * the scope the resource schemas give it (`nameScope`): a bucket name in the partition, an IAM
   * or access point name in the account, most others in the account's Region; holders are told
   * apart by their stack's identity (account, Region, stack name), so a stack of the same name in
   * another Region or account is another holder.
   */
  private names(order: StackModel[], changes: ResourceChange[]): void {
    const held = new Map<string, { holder: string; by: string }>(); // type|scope|name -> holder (stack key/logical id) and how to say it
    for (const r of this.a.retained ?? []) held.set(r.nameKey, { holder: r.holder, by: r.by });
    const leftKeys = new Set(this.a.stacks.filter((s) => !this.bStacks.has(s.key)).map((s) => s.key));
    for (const stack of this.a.stacks) {
      for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
        const left = leftKeys.has(stack.key) ? ', a stack no longer in the app but still deployed' : '';
        for (const n of this.namesOf(r, 'a', stack)) held.set(n.key, { holder: `${stack.key}/${logicalId}`, by: `${logicalId} of ${identity(stack)}${left}` });
      }
    }
    for (const stack of order) {
      const mine = changes.filter((c) => c.stack.key === stack.key);
      const before = this.aStacks.get(stack.key);
      for (const c of mine.filter((x) => x.action === 'create' || x.action === 'replace' || x.action === 'update')) {
        const self = `${stack.key}/${c.logicalId}`;
        const old = new Set(c.action === 'update' ? this.namesOf(c.before!, 'a', before!).map((n) => n.key) : []);
        for (const n of this.namesOf(c.after!, 'b', stack).filter((x) => !old.has(x.key))) {
          const holder = held.get(n.key);
          if (holder && holder.holder !== self) {
            const unique = n.scope === 'partition' ? 'in every account' : n.scope === 'account' ? `in account ${stack.account}, in every Region` : `in ${stack.account}/${stack.region}`;
            this.add({
              kind: 'name-clash',
              severity: 'fails',
              stack: stack.stackName,
              resource: c.logicalId,
              message: `${c.after!.Type} ${c.logicalId} of ${identity(stack)} is ${c.action === 'update' ? 'updated' : 'created'} with the ${n.what} ${n.name}, which ${holder.by} still holds at that point `
                + `(it is unique ${unique}; creates and updates run before the cleanup deletes): ${n.error}`,
            });
          }
          held.set(n.key, { holder: self, by: `${c.logicalId} of ${identity(stack)}` });
        }
      }
      // Cleanup: deleted names are free again, unless retained; so are names an update dropped.
      for (const c of mine.filter((x) => x.action === 'delete' || x.action === 'replace' || x.action === 'update')) {
        const policy = c.action === 'delete' ? c.before!.DeletionPolicy : c.before!.UpdateReplacePolicy;
        const self = `${stack.key}/${c.logicalId}`;
        const kept = new Set(c.action === 'update' ? this.namesOf(c.after!, 'b', stack).map((n) => n.key) : []);
        for (const n of this.namesOf(c.before!, 'a', before!).filter((x) => !kept.has(x.key))) {
          if (c.action === 'update' && held.get(n.key)?.holder === self) held.delete(n.key);
          if ((policy ?? 'Delete') === 'Delete' && held.get(n.key)?.holder === self && c.action === 'delete') held.delete(n.key);
          if ((policy ?? 'Delete') !== 'Delete' && c.action === 'delete') held.set(n.key, { holder: `${self} (retained)`, by: `${c.logicalId} of ${identity(stack)} (retained)` });
        }
      }
    }
    this.retainedAfter = [...held].filter(([, h]) => h.holder.endsWith(' (retained)')).map(([nameKey, h]) => ({ nameKey, ...h }));
  }

  /**
   * The names a resource holds, each keyed by where it is unique: its custom name (`nameProperty`,
   * in the scope `nameScope` reads from the schema), and a distribution's alternate domain names,
   * which CloudFront refuses on a second distribution, of any account ("CNAMEAlreadyExists: One or
   * more of the CNAMEs you provided are already associated with a different resource", CloudFront
   * Developer Guide, "Move an alternate domain name").
   */
  private namesOf(r: Resource, side: 'a' | 'b', stack: StackModel): Array<{ key: string; name: string; scope: NameScope; what: string; error: string }> {
    const out: Array<{ key: string; name: string; scope: NameScope; what: string; error: string }> = [];
    const scope = nameScope(r.Type);
    const property = nameProperty(r.Type);
    const value = scope && property && this.resolve(r.Properties?.[property], side, stack);
    if (scope && typeof value === 'string') {
      const within = scope === 'partition' ? '' : scope === 'account' ? stack.account : `${stack.account}/${stack.region}`;
      // "IAM user, group, role, and policy names must be unique within the account. Names are not
      // distinguished by case." (IAM API reference, CreateRole RoleName)
      const key = `${r.Type}|${within}|${r.Type.startsWith('AWS::IAM::') ? value.toLowerCase() : value}`;
      out.push({ key, name: value, scope, what: 'name', error: `"${value} already exists"` });
    }
    if (r.Type === 'AWS::CloudFront::Distribution') {
      const aliases = this.resolve((r.Properties?.DistributionConfig as { Aliases?: unknown } | undefined)?.Aliases, side, stack);
      for (const alias of Array.isArray(aliases) ? aliases.filter((x): x is string => typeof x === 'string') : []) {
        out.push({ key: `AWS::CloudFront::Distribution.Aliases||${alias.toLowerCase()}`, name: alias, scope: 'partition', what: 'alternate domain name', error: 'CNAMEAlreadyExists' });
      }
    }
    return out;
  }

  /**
   * Replication configurations: every event that puts or deletes one (native `ReplicationConfiguration`,
   * `PutBucketReplication`/`DeleteBucketReplication` custom resources), in deploy order, and the
   * state of each bucket at the end against what B declares.
   */
  private replication(order: StackModel[], changes: ResourceChange[]): void {
    const state = new Map<string, ReplicationState>();
    const history = new Map<string, ReplicationState[]>();
    const set = (bucket: string, owner: string | undefined, step: string) => {
      state.set(bucket, { owner, step });
      history.set(bucket, [...(history.get(bucket) ?? []), { owner, step }]);
    };
    // Before: what A configured.
    for (const stack of this.a.stacks) {
      for (const [bucket, owner] of this.replicationOwners(stack, 'a')) set(bucket, owner, 'before the deploy');
    }
    for (const stack of order) {
      const mine = changes.filter((c) => c.stack.key === stack.key);
      const before = this.aStacks.get(stack.key);
      for (const c of mine.filter((x) => x.action !== 'delete' && x.action !== 'keep')) {
        const step = `${stack.stackName}: ${c.action} ${c.logicalId}`;
        const owner = `${stack.stackName}/${c.logicalId}`;
        if (c.after!.Type === 'AWS::S3::Bucket') {
          const name = this.physicalId(c.after!, 'b', stack, c.logicalId);
          const has = c.after!.Properties?.ReplicationConfiguration !== undefined;
          if (has && (c.action !== 'update' || c.changed.includes('ReplicationConfiguration'))) set(name, owner, step);
          if (!has && c.action === 'update' && c.changed.includes('ReplicationConfiguration')) set(name, undefined, step);
        }
        const call = this.sdkCall(c.after!, c.action === 'create' || c.action === 'replace' ? 'Create' : 'Update', 'b', stack);
        if (call) this.applyCall(call, owner, step, set);
      }
      for (const c of mine.filter((x) => x.before && x.before.Type.startsWith('Custom::'))) {
        // Cleanup: a removed custom resource gets Delete; one whose physical id changed gets Delete with the old id.
        const oldCall = this.sdkCall(c.before!, 'Update', 'a', before!) ?? this.sdkCall(c.before!, 'Create', 'a', before!);
        const newCall = c.after && (this.sdkCall(c.after, 'Update', 'b', stack) ?? this.sdkCall(c.after, 'Create', 'b', stack));
        const idChanged = c.action !== 'delete' && c.action !== 'keep' && oldCall?.physicalResourceId !== newCall?.physicalResourceId;
        if (idChanged) {
          this.add({
            kind: 'custom-resource-replaced',
            severity: 'info',
            stack: stack.stackName,
            resource: c.logicalId,
            message: `custom resource ${c.logicalId} gets a new physical id (${oldCall?.physicalResourceId} → ${newCall?.physicalResourceId}): Delete runs for the old one in cleanup`,
          });
        }
        if (c.action !== 'delete' && !idChanged) continue;
        const deleteCall = this.sdkCall(c.before!, 'Delete', 'a', before!);
        if (deleteCall) this.applyCall(deleteCall, `${stack.stackName}/${c.logicalId} (Delete)`, `${stack.stackName}: cleanup, Delete of ${c.logicalId}`, set);
      }
    }
    // After: each bucket B configures must have exactly one owner, and still have its configuration.
    const declared = new Map<string, string[]>();
    for (const stack of this.b.stacks) {
      for (const [bucket, owner] of this.replicationOwners(stack, 'b')) declared.set(bucket, [...(declared.get(bucket) ?? []), owner]);
    }
    for (const [bucket, owners] of declared) {
      if (owners.length > 1) {
        this.add({ kind: 'replication-owners', severity: 'silent', stack: owners[0].split('/')[0], message: `bucket ${bucket} has ${owners.length} owners of its replication configuration (${owners.join(', ')}): each replaces the other's` });
      }
      const end = state.get(bucket);
      if (!end?.owner) {
        const undone = end ? ` (${end.step} removed it)` : '';
        this.add({
          kind: 'replication-undone',
          severity: 'silent',
          stack: owners[0].split('/')[0],
          message: `bucket ${bucket} has no replication configuration after the deploy${undone}, although ${owners.join(', ')} declares one: CloudFormation shows it, S3 has none`,
        });
        continue;
      }
      const steps = history.get(bucket) ?? [];
      const gap = steps.findIndex((s, i) => i > 0 && !s.owner && steps[0].owner);
      if (gap > 0) {
        const resumed = steps.slice(gap).find((s) => s.owner);
        this.add({
          kind: 'replication-window',
          severity: 'warn',
          stack: owners[0].split('/')[0],
          message: `bucket ${bucket} has no replication from "${steps[gap].step}" until "${resumed?.step}": objects written then are not replicated (S3 Batch Replication copies them)`,
        });
      }
    }
    // Stacks no longer in the app stay deployed, and so do their custom resources: deleting such a
    // stack (as the README says to, once clients moved) runs their Delete, which must not undo a
    // configuration the app now owns from another stack (a stack moved to another Region or account).
    for (const left of this.a.stacks.filter((s) => !this.bStacks.has(s.key))) {
      for (const [logicalId, r] of Object.entries(left.template.Resources ?? {})) {
        const call = this.sdkCall(r, 'Delete', 'a', left);
        if (call?.action.toLowerCase() !== 'deletebucketreplication') continue;
        const bucket = String(call.parameters.Bucket);
        const owners = declared.get(bucket);
        if (!owners) continue;
        this.add({
          kind: 'left-stack-undoes',
          severity: 'silent',
          stack: left.stackName,
          resource: logicalId,
          message: `${identity(left)} is no longer in the app but stays deployed, and its ${logicalId} runs DeleteBucketReplication on ${bucket} when that stack is deleted, `
            + `while ${owners.join(', ')} now configures it: deleting the old stack removes the replication the app declares `
            + '(delete the old stack before the new one configures the bucket, or keep the old stack deployed)',
        });
      }
    }
  }

  /** The buckets a stack configures replication for, and the resource that does it. */
  private replicationOwners(stack: StackModel, side: 'a' | 'b'): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
      const owner = `${stack.stackName}/${logicalId}`;
      if (r.Type === 'AWS::S3::Bucket' && r.Properties?.ReplicationConfiguration !== undefined) out.push([this.physicalId(r, side, stack, logicalId), owner]);
      const call = this.sdkCall(r, 'Update', side, stack) ?? this.sdkCall(r, 'Create', side, stack);
      if (call?.action.toLowerCase() === 'putbucketreplication') out.push([String(call.parameters.Bucket), owner]);
    }
    return out;
  }

  private applyCall(call: SdkCall, owner: string, step: string, set: (bucket: string, owner: string | undefined, step: string) => void): void {
    const action = call.action.toLowerCase();
    if (action === 'putbucketreplication') set(String(call.parameters.Bucket), owner, step);
    if (action === 'deletebucketreplication') set(String(call.parameters.Bucket), undefined, step);
  }

  /** The SDK call of an `AwsCustomResource` for one event, resolved. */
  private sdkCall(r: Resource, event: 'Create' | 'Update' | 'Delete', side: 'a' | 'b', stack: StackModel): SdkCall | undefined {
    if (!r.Type.startsWith('Custom::')) return undefined;
    const raw = r.Properties?.[event];
    if (raw === undefined) return undefined;
    const text = this.resolve(raw, side, stack);
    if (typeof text !== 'string') return undefined;
    try {
      const parsed = JSON.parse(text);
      const physicalResourceId = parsed.physicalResourceId?.id;
      return { service: parsed.service, action: parsed.action, parameters: parsed.parameters ?? {}, physicalResourceId };
    } catch {
      return undefined;
    }
  }

  /**
   * Alarms: an alarm deleted (or replaced) while another is created for the same metric and
   * dimensions in the same stack is monitoring rebuilt for nothing (ids or names keyed by position):
   * its state and history restart, and the alarm names users subscribed to or dashboards show change.
   */
  private alarms(changes: ResourceChange[]): void {
    const isAlarm = (r?: Resource) => r?.Type === 'AWS::CloudWatch::Alarm';
    for (const c of changes.filter((x) => (x.action === 'delete' || x.action === 'replace') && isAlarm(x.before))) {
      const before = watched(c.before!, (v) => this.resolve(v, 'a', this.aStacks.get(c.stack.key)!));
      const successor = c.action === 'replace' ? c : changes.find((x) => x.stack.key === c.stack.key && x.action === 'create' && isAlarm(x.after)
        && watched(x.after!, (v) => this.resolve(v, 'b', x.stack)) === before);
      if (!successor) continue;
      this.add({
        kind: 'monitoring-replaced',
        severity: 'warn',
        stack: c.stack.stackName,
        resource: c.logicalId,
        message: (c.action === 'replace' ? `alarm ${c.logicalId} is replaced (${c.replacing.join(', ')} changed)`
          : `alarm ${c.logicalId} is deleted and ${successor.logicalId} created for the same metric`) + ': its state and history restart',
      });
    }
  }

  /**
   * Custom resources that leave the template without a Delete that undoes what they set: the
   * configuration stays on a resource that is kept, while the template no longer declares it.
   * A routes resource whose dials were S3's default (all 100) leaves nothing the template does not
   * ask for; reads and one-shot calls (a Batch Operations job, which runs to its end) leave nothing.
   */
  private customResourcesLeft(changes: ResourceChange[]): void {
    const declaredBuckets = new Set(this.b.stacks.flatMap((stack) => this.replicationOwners(stack, 'b').map(([bucket]) => bucket)));
    const declaredRoutes = new Set(this.b.stacks.flatMap((stack) => Object.values(stack.template.Resources ?? {})
      .map((r) => this.sdkCall(r, 'Update', 'b', stack) ?? this.sdkCall(r, 'Create', 'b', stack))
      .filter((call) => call?.action.toLowerCase() === 'submitmultiregionaccesspointroutes').map((call) => String(call!.parameters.Mrap))));
    for (const c of changes.filter((x) => x.action === 'delete' && x.before!.Type.startsWith('Custom::'))) {
      const stackBefore = this.aStacks.get(c.stack.key)!;
      const call = this.sdkCall(c.before!, 'Update', 'a', stackBefore) ?? this.sdkCall(c.before!, 'Create', 'a', stackBefore);
      if (!call || READ_ACTION.test(call.action) || ONE_SHOT_ACTIONS.includes(call.action.toLowerCase())) continue;
      const undo = this.sdkCall(c.before!, 'Delete', 'a', stackBefore);
      if (undoes(call, undo)) continue;
      const where = { stack: c.stack.stackName, resource: c.logicalId };
      if (call.action.toLowerCase() === 'submitmultiregionaccesspointroutes') {
        const dials = (call.parameters.RouteUpdates as Array<{ TrafficDialPercentage?: number }> | undefined) ?? [];
        const mrap = String(call.parameters.Mrap);
        if (!this.accessPointKept(changes, mrap) || declaredRoutes.has(mrap) || dials.every((d) => d.TrafficDialPercentage === 100)) continue;
        this.add({
          ...where,
          kind: 'routes-left',
          severity: 'silent',
          message: `routes custom resource ${c.logicalId} leaves the template without a Delete that restores S3's default: the traffic dials it set (${JSON.stringify(call.parameters.RouteUpdates)}) `
            + 'stay on the access point, which the template now leaves at S3\'s default',
        });
        continue;
      }
      // Handed over: the app now configures the bucket from another owner, which replaced what this one put.
      if (call.action.toLowerCase() === 'putbucketreplication' && (this.bucketGone(changes, String(call.parameters.Bucket)) || declaredBuckets.has(String(call.parameters.Bucket)))) continue;
      this.add({
        ...where,
        kind: 'custom-resource-left',
        severity: 'silent',
        message: `custom resource ${c.logicalId} (${c.before!.Type}) leaves the template, and ${undo ? `its Delete (${undo.action}) does not undo` : 'has no Delete to undo'} its ${call.action} `
          + `(${JSON.stringify(call.parameters).slice(0, 160)}): what it set stays, while the template no longer declares it`,
      });
    }
  }

  /** Whether a Multi-Region Access Point whose ARN `mrap` names is kept (or updated) in this deploy. */
  private accessPointKept(changes: ResourceChange[], mrap: string): boolean {
    return changes.some((x) => (x.action === 'keep' || x.action === 'update') && x.after!.Type === 'AWS::S3::MultiRegionAccessPoint'
      && mrap.includes(`${this.physicalId(x.after!, 'b', x.stack, x.logicalId)}.Alias`));
  }

  /** Whether the bucket named `bucket` is deleted with its data in this deploy (DeletionPolicy Delete). */
  private bucketGone(changes: ResourceChange[], bucket: string): boolean {
    return changes.some((x) => x.action === 'delete' && x.before!.Type === 'AWS::S3::Bucket' && (x.before!.DeletionPolicy ?? 'Delete') === 'Delete'
      && this.physicalId(x.before!, 'a', this.aStacks.get(x.stack.key)!, x.logicalId) === bucket);
  }

  /**
   * Routes Deletes that run in this deploy (a removed routes resource, or one whose physical id
   * changed) on an access point whose routes the app now declares from another routes resource:
   * the Delete runs in cleanup, after that resource's Create or Update, and replaces its routes.
   */
  private routes(changes: ResourceChange[]): void {
    const declared = new Map<string, { owner: string; dials: string }>();
    for (const stack of this.b.stacks) {
      for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
        const call = this.sdkCall(r, 'Update', 'b', stack) ?? this.sdkCall(r, 'Create', 'b', stack);
        if (call?.action.toLowerCase() !== 'submitmultiregionaccesspointroutes') continue;
        declared.set(String(call.parameters.Mrap), { owner: `${stack.stackName}/${logicalId}`, dials: dialsOf(call) });
      }
    }
    for (const c of changes.filter((x) => x.before?.Type.startsWith('Custom::') && x.action !== 'keep')) {
      const stackBefore = this.aStacks.get(c.stack.key)!;
      const undo = this.sdkCall(c.before!, 'Delete', 'a', stackBefore);
      if (undo?.action.toLowerCase() !== 'submitmultiregionaccesspointroutes') continue;
      const oldCall = this.sdkCall(c.before!, 'Update', 'a', stackBefore) ?? this.sdkCall(c.before!, 'Create', 'a', stackBefore);
      const newCall = c.after && (this.sdkCall(c.after, 'Update', 'b', c.stack) ?? this.sdkCall(c.after, 'Create', 'b', c.stack));
      const runs = c.action === 'delete' || (newCall !== undefined && oldCall?.physicalResourceId !== newCall.physicalResourceId);
      const target = declared.get(String(undo.parameters.Mrap));
      if (!runs || !target || target.dials === dialsOf(undo)) continue;
      this.add({
        kind: 'routes-undone',
        severity: 'silent',
        stack: c.stack.stackName,
        resource: c.logicalId,
        message: `the Delete of routes resource ${c.logicalId} runs in cleanup and submits ${dialsOf(undo)} to the access point whose routes ${target.owner} sets to ${target.dials} earlier in the same deploy: `
          + 'the routes end as the Delete left them',
      });
    }
  }

  /**
   * Keys and the buckets that use them: a key deleted (removed or replaced with the Delete policy)
   * while a bucket it encrypted stays (in the app, retained, or in a stack left deployed); and a
   * key whose DeletionPolicy is Delete while a bucket that uses it is retained, so that deleting
   * the stack, or removing both, schedules the key's deletion and keeps the bucket.
   */
  private keys(changes: ResourceChange[]): void {
    for (const c of changes.filter((x) => (x.action === 'delete' || x.action === 'replace') && x.before!.Type === 'AWS::KMS::Key')) {
      const policy = (c.action === 'delete' ? c.before!.DeletionPolicy : c.before!.UpdateReplacePolicy) ?? 'Delete';
      if (policy !== 'Delete') continue;
      const staying = this.bucketsStayingWith(c);
      if (staying.length === 0) continue;
      this.add({
        kind: 'key-before-bucket',
        severity: 'silent',
        stack: c.stack.stackName,
        resource: c.logicalId,
        message: `key ${c.logicalId} is ${c.action === 'delete' ? 'removed' : 'replaced'} with DeletionPolicy Delete and scheduled for deletion, while ${staying.join(', ')}, which it encrypted, stays: `
          + 'its objects encrypted with the key become unreadable once the deletion completes',
      });
    }
    const hazards = (model: AppModel, side: 'a' | 'b') => new Set(model.stacks.flatMap((stack) => this.keyBucketHazards(stack, side).map((h) => `${stack.key}|${h}`)));
    const before = hazards(this.a, 'a');
    for (const stack of this.b.stacks) {
      for (const hazard of this.keyBucketHazards(stack, 'b').filter((h) => !before.has(`${stack.key}|${h}`))) {
        const [key, bucket, policy] = hazard.split('|');
        this.add({
          kind: 'key-before-bucket',
          severity: 'silent',
          stack: stack.stackName,
          resource: key,
          message: `key ${key} has DeletionPolicy Delete while bucket ${bucket}, which it encrypts, has ${policy}: deleting the stack (or removing both) schedules the key's deletion and keeps the bucket with objects no one can read`,
        });
      }
    }
  }

  /** `key|bucket|policy` for each key of `stack` with DeletionPolicy Delete that encrypts a bucket of it whose DeletionPolicy is not Delete. */
  private keyBucketHazards(stack: StackModel, side: 'a' | 'b'): string[] {
    const resources = Object.entries(stack.template.Resources ?? {});
    const out: string[] = [];
    for (const [keyId, key] of resources.filter(([, r]) => r.Type === 'AWS::KMS::Key' && (r.DeletionPolicy ?? 'Delete') === 'Delete')) {
      const keyRef = this.physicalId(key, side, stack, keyId);
      for (const [bucketId, bucket] of resources.filter(([, r]) => r.Type === 'AWS::S3::Bucket' && (r.DeletionPolicy ?? 'Delete') !== 'Delete')) {
        if (this.encryptsWith(bucket, side, stack, keyRef)) out.push(`${keyId}|${bucketId}|${bucket.DeletionPolicy}`);
      }
    }
    return out;
  }

  /** Whether `bucket`'s default encryption names the key whose physical id is `keyRef`. */
  private encryptsWith(bucket: Resource, side: 'a' | 'b', stack: StackModel, keyRef: string): boolean {
    const encryption = JSON.stringify(this.resolve(bucket.Properties?.BucketEncryption, side, stack) ?? null);
    return encryption.includes(`"${keyRef}"`) || encryption.includes(`"${keyRef}.`);
  }

  /** The buckets (stack/logical id) that a removed or replaced key encrypted and that stay after this deploy. */
  private bucketsStayingWith(c: ResourceChange): string[] {
    const before = this.aStacks.get(c.stack.key)!;
    const keyRef = this.physicalId(c.before!, 'a', before, c.logicalId);
    const out: string[] = [];
    for (const [bucketId, bucket] of Object.entries(before.template.Resources ?? {})) {
      if (bucket.Type !== 'AWS::S3::Bucket' || !this.encryptsWith(bucket, 'a', before, keyRef)) continue;
      const after = this.bStacks.get(c.stack.key)?.template.Resources?.[bucketId];
      const stays = after?.Type === 'AWS::S3::Bucket' || (bucket.DeletionPolicy ?? 'Delete') !== 'Delete';
      if (stays) out.push(`bucket ${bucketId}`);
    }
    return out;
  }

  /**
   * Stacks that leave the app stay deployed with what they configure: a configuration on a
   * resource the app keeps (replication rules on a bucket of the app that no longer declares them,
   * routes of an access point of the app, a policy on a bucket of another stack) goes on acting
   * while the app shows none, e.g. replicating into destinations whose policies no longer admit it.
   */
  private leftStacksLive(): void {
    const bucketsInB = new Map<string, string>();
    const accessPointsInB: string[] = [];
    for (const stack of this.b.stacks) {
      for (const [logicalId, r] of Object.entries(stack.template.Resources ?? {})) {
        if (r.Type === 'AWS::S3::Bucket') bucketsInB.set(this.physicalId(r, 'b', stack, logicalId), identity(stack));
        if (r.Type === 'AWS::S3::MultiRegionAccessPoint') accessPointsInB.push(`${this.physicalId(r, 'b', stack, logicalId)}.Alias`);
      }
    }
    const declared = new Set(this.b.stacks.flatMap((stack) => this.replicationOwners(stack, 'b').map(([bucket]) => bucket)));
    // The policies of B's buckets, resolved: a destination in another account than the replication role admits it by its policy.
    const policies = new Map<string, string>();
    for (const stack of this.b.stacks) {
      for (const r of Object.values(stack.template.Resources ?? {}).filter((x) => x.Type === 'AWS::S3::BucketPolicy')) {
        const bucket = String(this.resolve(r.Properties?.Bucket, 'b', stack));
        policies.set(bucket, (policies.get(bucket) ?? '') + JSON.stringify(this.resolve(r.Properties?.PolicyDocument, 'b', stack)));
      }
    }
    for (const left of this.a.stacks.filter((s) => !this.bStacks.has(s.key))) {
      const live: string[] = [];
      const acting: string[] = [];
      for (const [logicalId, r] of Object.entries(left.template.Resources ?? {})) {
        const call = this.sdkCall(r, 'Update', 'a', left) ?? this.sdkCall(r, 'Create', 'a', left);
        const action = call?.action.toLowerCase();
        if (action === 'putbucketreplication') {
          const bucket = String(call!.parameters.Bucket);
          if (!bucketsInB.has(bucket) || declared.has(bucket)) continue;
          const configuration = (call!.parameters.ReplicationConfiguration ?? {}) as ReplicationCall;
          const roleName = String(configuration.Role ?? '').replace(/\.Arn$/, '').split('/').pop()!;
          // Same account: the role's own policy (in the left stack, still deployed) admits it. Another account: the destination's bucket policy must.
          const refused = (configuration.Rules ?? []).map((rule) => rule.Destination ?? {})
            .filter((d) => d.Account !== undefined && d.Account !== left.account)
            .map((d) => String(d.Bucket).replace(/^arn:[^:]+:s3:::/, ''))
            .filter((destination) => !(policies.get(destination) ?? '').includes(roleName));
          if (refused.length > 0) {
            live.push(`${logicalId} replicates bucket ${bucket} (of ${bucketsInB.get(bucket)}) into ${refused.join(', ')}, whose bucket policies no longer admit its role ${roleName}: each new object fails to replicate`);
          } else {
            acting.push(`${logicalId} replicates bucket ${bucket} (of ${bucketsInB.get(bucket)}), for which the app declares no replication`);
          }
        }
        if (action === 'submitmultiregionaccesspointroutes' && accessPointsInB.some((ap) => String(call!.parameters.Mrap).includes(ap))) {
          live.push(`${logicalId} set the routes of ${call!.parameters.Mrap}, an access point of the app`);
        }
        if (r.Type === 'AWS::S3::BucketPolicy') {
          const bucket = String(this.resolve(r.Properties?.Bucket, 'a', left));
          const own = Object.entries(left.template.Resources ?? {}).some(([id, x]) => x.Type === 'AWS::S3::Bucket' && this.physicalId(x, 'a', left, id) === bucket);
          if (!own && bucketsInB.has(bucket)) live.push(`${logicalId} is the policy of bucket ${bucket} (of ${bucketsInB.get(bucket)})`);
        }
      }
      if (live.length > 0) {
        this.add({
          kind: 'left-stack-live',
          severity: 'silent',
          stack: left.stackName,
          message: `${identity(left)} leaves the app but stays deployed, and goes on configuring what the app keeps: ${live.join('; ')}. `
            + 'Until it is deleted, that configuration acts unseen',
        });
      }
      if (acting.length > 0) {
        // Replication that still works (its destinations admit it): intended while a runbook moves the global stack, reported so that it is deleted.
        this.add({
          kind: 'left-stack-live',
          severity: 'warn',
          stack: left.stackName,
          message: `${identity(left)} leaves the app but stays deployed and goes on replicating: ${acting.join('; ')}; it stops when that stack is deleted`,
        });
      }
    }
  }
}

/** The parts of a `PutBucketReplication` configuration that say who replicates where. */
interface ReplicationCall {
  readonly Role?: string;
  readonly Rules?: Array<{ readonly Destination?: { readonly Bucket?: string; readonly Account?: string } }>;
}

/** Calls that only read. */
const READ_ACTION = /^(get|describe|list|head)/i;
/** Calls with nothing to undo: an S3 Batch Operations job runs once, to its end. */
const ONE_SHOT_ACTIONS = ['createjob'];

/** Whether the Delete call `undo` undoes what `call` set. */
function undoes(call: SdkCall, undo: SdkCall | undefined): boolean {
  if (!undo) return false;
  switch (call.action.toLowerCase()) {
    case 'putbucketreplication':
      return undo.action.toLowerCase() === 'deletebucketreplication' && undo.parameters.Bucket === call.parameters.Bucket;
    case 'submitmultiregionaccesspointroutes': {
      // S3's default is every Region active; S3 keeps the dials of Regions a call leaves out.
      if (undo.action.toLowerCase() !== 'submitmultiregionaccesspointroutes' || undo.parameters.Mrap !== call.parameters.Mrap) return false;
      const restored = (undo.parameters.RouteUpdates as Array<{ Region: string; TrafficDialPercentage: number }> | undefined) ?? [];
      const set = (call.parameters.RouteUpdates as Array<{ Region: string }> | undefined) ?? [];
      return restored.every((d) => d.TrafficDialPercentage === 100) && set.every((d) => restored.some((r) => r.Region === d.Region));
    }
    default:
      return false;
  }
}

/** The dials of a routes call, in Region order. */
function dialsOf(call: SdkCall): string {
  const updates = (call.parameters.RouteUpdates as Array<{ Region: string; TrafficDialPercentage: number }> | undefined) ?? [];
  return [...updates].sort((x, y) => x.Region.localeCompare(y.Region)).map((u) => `${u.Region}=${u.TrafficDialPercentage}`).join(',');
}

/** The length of the common end of two logical ids, without their 8-character hashes. */
function commonSuffix(x: string, y: string): number {
  const a = x.replace(/[0-9A-F]{8}$/, '');
  const b = y.replace(/[0-9A-F]{8}$/, '');
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** What an alarm watches: its metric and dimensions, whatever its logical id or name. */
function watched(r: Resource, resolve: (v: unknown) => unknown): string {
  const p = r.Properties ?? {};
  const dimensions = (resolve(p.Dimensions) as Array<{ Name: string; Value: unknown }> | undefined) ?? [];
  return JSON.stringify([p.Namespace, p.MetricName, [...dimensions].sort((x, y) => x.Name.localeCompare(y.Name)), resolve(p.Metrics)]);
}

function describeIdentity(type: string): string {
  switch (type) {
    case 'AWS::S3::MultiRegionAccessPoint': return 'access point, with a new alias, ARN and host name';
    case 'AWS::CloudFront::Distribution': return 'distribution, with a new domain name';
    case 'AWS::KMS::Alias': return 'alias name';
    default: return 'resource';
  }
}

/** The stacks in an order `cdk deploy --all` uses: each after its dependencies, otherwise as synthesized. */
export function deployOrder(stacks: StackModel[]): StackModel[] {
  const byKey = new Map(stacks.map((s) => [s.key, s]));
  const out: StackModel[] = [];
  const seen = new Set<string>();
  const visit = (s: StackModel, path: string[]) => {
    if (seen.has(s.key)) return;
    if (path.includes(s.key)) throw new Error(`stack dependency cycle: ${[...path, s.key].join(' -> ')}`);
    for (const dep of s.dependencies) {
      const d = byKey.get(dep);
      if (d) visit(d, [...path, s.key]);
    }
    seen.add(s.key);
    out.push(s);
  };
  stacks.forEach((s) => visit(s, []));
  return out;
}
