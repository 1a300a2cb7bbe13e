/**
 * The floor: an empty App with one empty stack. Everything a CDK app pays before it defines
 * anything (Node.js start, loading aws-cdk-lib, synthesis and aws-cdk-lib's own validation).
 */
import { App, Stack } from 'aws-cdk-lib';
import { ACCOUNT, APP_ID } from './common';

export function build(app: App): void {
  new Stack(app, `${APP_ID}-empty`, { env: { account: ACCOUNT, region: 'us-east-1' } });
}
