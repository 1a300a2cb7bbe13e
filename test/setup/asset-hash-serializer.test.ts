import * as serializer from './asset-hash-serializer';

describe('asset-hash snapshot serializer', () => {
  const hash = 'a'.repeat(40) + '0123456789abcdef01234567';

  test('blanks asset hashes inside strings', () => {
    expect(serializer.test(`${hash}.zip`)).toBe(true);
    expect(serializer.serialize(`cdk-hnb659fds-assets-111111111111-eu-west-1/${hash}.zip`)).toBe(
      '"cdk-hnb659fds-assets-111111111111-eu-west-1/ASSET-HASH.zip"',
    );
  });

  test('leaves other strings and values to the default serializer', () => {
    expect(serializer.test('arn:aws:s3:::my-bucket')).toBe(false);
    expect(serializer.test('abc123')).toBe(false);
    expect(serializer.test(42)).toBe(false);
  });

  test('a snapshot with a hash in it does not change when the hash does', () => {
    expect({ S3Key: `${hash}.zip` }).toMatchSnapshot();
    expect({ S3Key: `${'b'.repeat(64)}.zip` }).toMatchSnapshot();
  });
});
