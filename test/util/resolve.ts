import * as crypto from 'crypto';
import { App, Stage } from 'aws-cdk-lib';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

/**
 * Resolves CloudFormation intrinsics in synthesized templates to the concrete values they would
 * have after deployment, so policies can be fed to an IAM evaluator.
 *
 * Physical IDs that CloudFormation would generate are made up deterministically from the stack
 * name and logical ID (names stay within the service's rules: lowercase for buckets). Explicit
 * names in the template (BucketName, RoleName, Name) are used as they are.
 */
export class ResolvedAssembly {
  /** Synthesizes `app` (or a stage) and resolves every stack. */
  public static fromApp(app: App | Stage): ResolvedAssembly {
    return new ResolvedAssembly(app.synth());
  }

  private readonly stacks = new Map<string, CloudFormationStackArtifact>();
  private readonly exports = new Map<string, { stack: CloudFormationStackArtifact; value: unknown }>();

  constructor(assembly: CloudAssembly) {
    for (const stack of assembly.stacksRecursively) {
      this.stacks.set(stack.stackName, stack);
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        if (output.Export?.Name) {
          this.exports.set(this.resolveIn(stack, output.Export.Name), { stack, value: output.Value });
        }
      }
    }
  }

  /** Every stack artifact by stack name. */
  public get stackNames(): string[] {
    return [...this.stacks.keys()];
  }

  /** The artifact of a stack. */
  public stack(stackName: string): CloudFormationStackArtifact {
    const stack = this.stacks.get(stackName);
    if (!stack) throw new Error(`no stack '${stackName}' in the assembly; stacks: ${this.stackNames.join(', ')}`);
    return stack;
  }

  /** All resources of a stack with their properties resolved, by logical ID. */
  public resources(stackName: string, type?: string): Record<string, { Type: string; Properties: any }> {
    const stack = this.stack(stackName);
    const result: Record<string, { Type: string; Properties: any }> = {};
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (type && resource.Type !== type) continue;
      result[logicalId] = { Type: resource.Type, Properties: this.resolveIn(stack, resource.Properties ?? {}) };
    }
    return result;
  }

  /** The single resource of `type` whose logical ID starts with `prefix` (fails on 0 or many). */
  public resource(stackName: string, type: string, prefix = ''): { logicalId: string; Properties: any } {
    const found = Object.entries(this.resources(stackName, type)).filter(([id]) => id.startsWith(prefix));
    if (found.length !== 1) {
      throw new Error(`expected one ${type} with logical ID prefix '${prefix}' in ${stackName}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
    }
    return { logicalId: found[0][0], Properties: found[0][1].Properties };
  }

  /** The value `Ref` gives for a resource. */
  public ref(stackName: string, logicalId: string): string {
    return this.refOf(this.stack(stackName), logicalId);
  }

  /** The value `Fn::GetAtt` gives for a resource attribute. */
  public getAtt(stackName: string, logicalId: string, attribute: string): string {
    return this.getAttOf(this.stack(stackName), logicalId, attribute);
  }

  /** The policy document of the bucket policy attached to a bucket of a stack. */
  public bucketPolicyOf(stackName: string, bucketLogicalId: string): any {
    const policy = Object.values(this.resources(stackName, 'AWS::S3::BucketPolicy'))
      .find((p) => p.Properties.Bucket === this.ref(stackName, bucketLogicalId));
    if (!policy) throw new Error(`no bucket policy for ${bucketLogicalId} in ${stackName}`);
    return policy.Properties.PolicyDocument;
  }

  /** Resolves any template fragment in the context of a stack. */
  public resolve(stackName: string, value: unknown): any {
    return this.resolveIn(this.stack(stackName), value);
  }

  private resolveIn(stack: CloudFormationStackArtifact, value: unknown): any {
    if (Array.isArray(value)) return value.map((v) => this.resolveIn(stack, v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(stack, keys[0], (value as any)[keys[0]]);
    }
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) result[k] = this.resolveIn(stack, v);
    return result;
  }

  private intrinsic(stack: CloudFormationStackArtifact, name: string, arg: any): any {
    switch (name) {
      case 'Ref':
        return this.refOf(stack, arg);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/);
        return this.getAttOf(stack, logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg;
        return (this.resolveIn(stack, parts) as unknown[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = this.resolveIn(stack, arg);
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, source] = this.resolveIn(stack, arg);
        return String(source).split(separator);
      }
      case 'Fn::Sub': {
        const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolvedVars = this.resolveIn(stack, vars);
        return String(template).replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
          if (ref in resolvedVars) return resolvedVars[ref];
          const [logicalId, attribute] = ref.split(/\.(.*)/);
          return attribute ? this.getAttOf(stack, logicalId, attribute) : this.refOf(stack, logicalId);
        });
      }
      case 'Fn::ImportValue': {
        const exportName = this.resolveIn(stack, arg);
        const exported = this.exports.get(exportName);
        if (!exported) throw new Error(`no export named '${exportName}'`);
        return this.resolveIn(exported.stack, exported.value);
      }
      case 'Fn::Base64':
        return Buffer.from(String(this.resolveIn(stack, arg))).toString('base64');
      default:
        throw new Error(`intrinsic ${name} is not supported by the test resolver`);
    }
  }

  private refOf(stack: CloudFormationStackArtifact, logicalId: string): string {
    switch (logicalId) {
      case 'AWS::AccountId':
        return stack.environment.account;
      case 'AWS::Region':
        return stack.environment.region;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      case 'AWS::NoValue':
        return undefined as any;
    }
    const resource = stack.template.Resources?.[logicalId];
    if (!resource) {
      const parameter = stack.template.Parameters?.[logicalId];
      if (parameter) return parameter.Default ?? `parameter-${logicalId}`;
      throw new Error(`Ref to unknown logical ID '${logicalId}' in ${stack.stackName}`);
    }
    const props = resource.Properties ?? {};
    const explicit = (key: string) => (props[key] !== undefined ? this.resolveIn(stack, props[key]) : undefined);
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return explicit('BucketName') ?? generatedName(stack, logicalId, 63).toLowerCase();
      case 'AWS::IAM::Role':
        return explicit('RoleName') ?? generatedName(stack, logicalId, 64);
      case 'AWS::S3::MultiRegionAccessPoint':
        return explicit('Name');
      case 'AWS::KMS::Key':
        return fakeUuid(stack.stackName, logicalId);
      case 'AWS::CloudFront::Distribution':
        return `E${hash(stack.stackName, logicalId).slice(0, 13).toUpperCase()}`;
      case 'AWS::Lambda::Function':
        return explicit('FunctionName') ?? generatedName(stack, logicalId, 64);
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${stack.environment.region}:${stack.environment.account}:${explicit('TopicName') ?? generatedName(stack, logicalId, 256)}`;
      case 'AWS::CloudWatch::Alarm':
        return explicit('AlarmName') ?? generatedName(stack, logicalId, 255);
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${stack.environment.region}:${stack.environment.account}:stateMachine:${explicit('StateMachineName') ?? generatedName(stack, logicalId, 80)}`;
      case 'AWS::Logs::LogGroup':
        return explicit('LogGroupName') ?? generatedName(stack, logicalId, 512);
      default:
        return `${logicalId}-${hash(stack.stackName, logicalId).slice(0, 8)}`;
    }
  }

  private getAttOf(stack: CloudFormationStackArtifact, logicalId: string, attribute: string): string {
    const resource = stack.template.Resources?.[logicalId];
    if (!resource) throw new Error(`Fn::GetAtt of unknown logical ID '${logicalId}' in ${stack.stackName}`);
    const { account, region } = stack.environment;
    const ref = this.refOf(stack, logicalId);
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${ref}`;
      case 'AWS::S3::Bucket.DomainName':
        return `${ref}.s3.amazonaws.com`;
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${ref}.s3.${region}.amazonaws.com`;
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${account}:role/${ref}`;
      case 'AWS::IAM::Role.RoleId':
        return `AROA${hash(stack.stackName, logicalId).slice(0, 17).toUpperCase()}`;
      case 'AWS::KMS::Key.Arn':
        return `arn:aws:kms:${region}:${account}:key/${ref}`;
      case 'AWS::KMS::Key.KeyId':
        return ref;
      case 'AWS::S3::MultiRegionAccessPoint.Alias':
        return `${hash(ref, 'alias').slice(0, 13)}.mrap`;
      case 'AWS::CloudFront::Distribution.DomainName':
        return `d${hash(stack.stackName, logicalId).slice(0, 13)}.cloudfront.net`;
      case 'AWS::CloudFront::Distribution.Id':
        return ref;
      case 'AWS::Lambda::Function.Arn':
        return `arn:aws:lambda:${region}:${account}:function:${ref}`;
      case 'AWS::SNS::Topic.TopicArn':
        return ref;
      case 'AWS::CloudWatch::Alarm.Arn':
        return `arn:aws:cloudwatch:${region}:${account}:alarm:${ref}`;
      case 'AWS::StepFunctions::StateMachine.Arn':
        return ref;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:aws:logs:${region}:${account}:log-group:${ref}:*`;
      default:
        return `${logicalId}.${attribute}`;
    }
  }
}

function hash(...parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('/')).digest('hex');
}

function generatedName(stack: CloudFormationStackArtifact, logicalId: string, maxLength: number): string {
  const suffix = hash(stack.stackName, logicalId).slice(0, 12);
  return `${stack.stackName}-${logicalId}`.slice(0, maxLength - suffix.length - 1) + `-${suffix}`;
}

function fakeUuid(...parts: string[]): string {
  const h = hash(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
