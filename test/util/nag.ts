import { Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The four cdk-nag v3 packs every construct test runs. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()];
}

/** Synthesizes the app (or stage) of `scope`, once: construct validations run then. */
function synthesize(scope: IConstruct): void {
  (Stage.isStage(scope) ? scope : Stage.of(scope))?.synth();
}

/** One unacknowledged finding: `<rule> at <construct path>: <description>`. */
export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/**
 * Runs every pack over `scope` with `pack.validateScope(scope).violations` and returns the
 * findings that no `Validations.of(construct).acknowledge(...)` covers.
 *
 * The app is synthesized first, as `cdk synth` does before it runs validation plugins: some
 * acknowledgements are made by construct validations, once cross-stack references are resolved.
 */
export function nagFindings(scope: IConstruct, severity: 'error' | 'warning' | 'all' = 'error'): NagFinding[] {
  synthesize(scope);
  const findings: NagFinding[] = [];
  for (const pack of nagPacks()) {
    for (const violation of pack.validateScope(scope).violations) {
      if (severity !== 'all' && violation.severity !== severity) continue;
      for (const resource of violation.violatingResources) {
        findings.push({
          pack: pack.readPackName,
          rule: violation.ruleName,
          severity: violation.severity ?? 'unknown',
          path: resource.constructPath ?? '?',
          description: violation.description,
        });
      }
    }
  }
  return findings;
}

/** Asserts that no pack reports an unacknowledged error anywhere under `scope`. */
export function expectNagClean(scope: IConstruct): void {
  const errors = nagFindings(scope, 'error').map((f) => `${f.rule} at ${f.path}: ${f.description}`);
  expect(errors).toEqual([]);
}

/** An acknowledgement recorded with `Validations.of(construct).acknowledge`. */
export interface NagAcknowledgement {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/** Every acknowledgement under `scope`, for reports and for checking that each has a reason. */
export function nagAcknowledgements(scope: IConstruct): NagAcknowledgement[] {
  synthesize(scope);
  const result: NagAcknowledgement[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        result.push({ path: construct.node.path, rule: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return result;
}
