import { App, Stack } from 'aws-cdk-lib';

/** The account every test environment uses. */
export const ACCOUNT = '111111111111';

/** A fresh app and a stack pinned to `region` in the test account. */
export function testStack(region = 'eu-west-1', id = 'TestStack'): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, id, { env: { account: ACCOUNT, region } });
  return { app, stack };
}
