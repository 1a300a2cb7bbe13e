/**
 * Records, while an example app synthesizes, every cdk-nag finding of every pack the app
 * registered, acknowledged or not, with the acknowledgement's reason. `scripts/synth-examples.ts`
 * preloads this module into the example's own process (`ts-node -r`) with NAG_FINDINGS_FILE set;
 * `scripts/nag-report.ts` reads the file.
 *
 * cdk-nag v3 drops an acknowledged finding before it reaches CDK's validation report, so no
 * report of its own lists acknowledgements. This module wraps `NagPack.validate` (the call CDK
 * makes for each registered pack, over the final construct tree): it returns cdk-nag's own
 * report unchanged (the app still fails on an unacknowledged error), and runs the same pack a
 * second time with acknowledgements ignored. A finding of the second run that the first run does
 * not report is acknowledged; its reason is the closest acknowledgement of that rule ID on the
 * resource or an ancestor (how cdk-nag matches them). The two runs must agree on every
 * unacknowledged finding, or the recording fails.
 */
import * as fs from 'fs';
import { IPolicyValidationContext, PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** One finding of one pack on one resource. */
export interface RecordedFinding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
  /** Where the acknowledgement was made (the resource or an ancestor), when the finding is acknowledged. */
  readonly acknowledgedAt?: string;
  readonly reason?: string;
}

/** An acknowledgement of one of a pack's rule IDs that matched no finding of that pack. */
export interface UnusedAcknowledgement {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
}

/** What one pack reported over one app. */
export interface RecordedPack {
  readonly pack: string;
  readonly findings: RecordedFinding[];
  readonly unusedAcknowledgements: UnusedAcknowledgement[];
}

/** The file NAG_FINDINGS_FILE names. */
export interface RecordedFindings {
  readonly packs: RecordedPack[];
}

const ACKNOWLEDGED = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;

/** Every acknowledgement recorded on a construct: rule ID (without the `Annotation::` prefix) -> reason. */
function acknowledgementsOn(construct: IConstruct): Map<string, string> {
  const result = new Map<string, string>();
  for (const entry of construct.node.metadata) {
    if (entry.type !== ACKNOWLEDGED || !entry.data) continue;
    for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
      result.set(id.replace(/^annotation::/i, ''), reason);
    }
  }
  return result;
}

/** Runs `pack`'s class over `root` with every acknowledgement ignored. */
function allFindings(pack: NagPack, root: IConstruct): PolicyValidationPluginReport {
  const Pack = pack.constructor as new () => NagPack;
  const unfiltered = new Pack();
  // cdk-nag's own (private) check of an acknowledgement: the one thing this run turns off.
  const internals = unfiltered as unknown as { isAcknowledged?: unknown };
  if (typeof internals.isAcknowledged !== 'function') {
    throw new Error('cdk-nag no longer has NagPack.isAcknowledged: update scripts/nag-recorder.ts for this cdk-nag version');
  }
  internals.isAcknowledged = () => false;
  return unfiltered.validateScope(root);
}

/** Compares both runs and attaches a reason to every acknowledged finding. */
export function recordPack(pack: NagPack, root: IConstruct, report: PolicyValidationPluginReport): RecordedPack {
  const packName = pack.readPackName;
  const byPath = new Map(root.node.findAll().map((c) => [c.node.path, c] as const));
  const key = (rule: string, path: string) => `${rule} @ ${path}`;
  const unacknowledged = new Set(report.violations.flatMap((v) => v.violatingResources.map((r) => key(v.ruleName, r.constructPath ?? '?'))));
  const used = new Set<string>();
  const findings: RecordedFinding[] = [];

  for (const violation of allFindings(pack, root).violations) {
    for (const resource of violation.violatingResources) {
      const path = resource.constructPath ?? '?';
      const common = { pack: packName, rule: violation.ruleName, severity: violation.severity ?? 'unknown', path, description: violation.description };
      if (unacknowledged.delete(key(violation.ruleName, path))) {
        findings.push(common);
        continue;
      }
      let construct = byPath.get(path);
      let acknowledgement: { at: string; reason: string } | undefined;
      while (construct && !acknowledgement) {
        const reason = acknowledgementsOn(construct).get(violation.ruleName);
        if (reason !== undefined) acknowledgement = { at: construct.node.path, reason };
        construct = construct.node.scope;
      }
      if (!acknowledgement) {
        throw new Error(`${packName}: ${violation.ruleName} at ${path} is neither reported by cdk-nag nor acknowledged`);
      }
      used.add(key(violation.ruleName, acknowledgement.at));
      findings.push({ ...common, acknowledgedAt: acknowledgement.at, reason: acknowledgement.reason });
    }
  }
  if (unacknowledged.size > 0) {
    throw new Error(`${packName}: cdk-nag reported findings that a run without acknowledgements did not: ${[...unacknowledged].join(', ')}`);
  }

  const unusedAcknowledgements: UnusedAcknowledgement[] = [];
  for (const construct of byPath.values()) {
    for (const [rule, reason] of acknowledgementsOn(construct)) {
      if (rule.startsWith(`${packName}-`) && !used.has(key(rule, construct.node.path))) {
        unusedAcknowledgements.push({ pack: packName, rule, path: construct.node.path, reason });
      }
    }
  }
  return { pack: packName, findings, unusedAcknowledgements };
}

const outputFile = process.env.NAG_FINDINGS_FILE;
if (outputFile) {
  const recorded: RecordedPack[] = [];
  const validate = NagPack.prototype.validate;
  NagPack.prototype.validate = function (this: NagPack, context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = validate.call(this, context);
    const root = (context as IPolicyValidationContext & { appConstruct: IConstruct }).appConstruct;
    recorded.push(recordPack(this, root, report));
    const result: RecordedFindings = { packs: recorded };
    fs.writeFileSync(outputFile, JSON.stringify(result, undefined, 2));
    return report;
  };
}
