import { formatSteps, stepStart } from '../../scripts/ci-steps';

describe('ci-steps: the wall time of each step of `npx projen verify`', () => {
  test('a command projen starts is a step, with its task path and command (colours removed)', () => {
    expect(stepStart('👾 \x1b[4mverify » checks » typecheck\x1b[24m | tsc --noEmit -p test/tsconfig.json')).toEqual({
      task: 'verify » checks » typecheck',
      command: 'tsc --noEmit -p test/tsconfig.json',
    });
  });

  test('conditions, skips and other lines start no step', () => {
    expect(stepStart('👾 verify » package-all » package:dotnet | condition: node -e "..."')).toBeUndefined();
    expect(stepStart('👾 verify » package-all » package:dotnet | condition exited with non-zero - skipping')).toBeUndefined();
    expect(stepStart('PASS test/docs/links.test.ts')).toBeUndefined();
    expect(stepStart('👾 Synthesis failed')).toBeUndefined();
  });

  test('the table lists the steps in order with their seconds and share, then the total', () => {
    const table = formatSteps([
      { task: 'npm ci', command: '(before the task)', seconds: 60 },
      { task: 'checks » typecheck', command: 'tsc --noEmit -p test/tsconfig.json', seconds: 30 },
      { task: 'test', command: 'jest --ci', seconds: 510 },
    ]).split('\n');
    expect(table).toEqual([
      'step                wall s  share  command',
      'npm ci                  60    10%  (before the task)',
      'checks » typecheck      30     5%  tsc --noEmit -p test/tsconfig.json',
      'test                   510    85%  jest --ci',
      'total                  600  (10.0 min)',
    ]);
  });
});
