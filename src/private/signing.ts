import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { IConstruct } from 'constructs';

/**
 * `cloudfront.Signing.SIGV4A_ALWAYS`, or a synth-time error when the aws-cdk-lib this app runs
 * with predates it (2.274.0, docs/adr/0002).
 *
 * Below 2.274.0 the constant is `undefined`, and `S3OriginAccessControl` then falls back to its
 * default, SigV4: the template would deploy an Origin Access Control that signs SigV4, which a
 * Multi-Region Access Point rejects, so every request through CloudFront would fail with 403.
 * npm warns about the peer dependency; Python, Java and Go resolve aws-cdk-lib themselves and
 * do not, so the library checks it here.
 */
export function sigV4aSigning(scope: IConstruct): cloudfront.Signing {
  const signing: cloudfront.Signing | undefined = cloudfront.Signing.SIGV4A_ALWAYS;
  if (signing === undefined || signing.protocol !== cloudfront.SigningProtocol.SIGV4A) {
    const error = new Error(`${scope.node.path}: a Multi-Region Access Point origin needs an Origin Access Control that signs SigV4A, `
      + 'and this app runs with an aws-cdk-lib older than 2.274.0, which has no cloudfront.Signing.SIGV4A_ALWAYS '
      + '(the Origin Access Control would silently sign SigV4 and CloudFront would get 403 from the access point); '
      + 'upgrade aws-cdk-lib to 2.274.0 or later (npm: aws-cdk-lib, PyPI: aws-cdk-lib, Maven: software.amazon.awscdk:aws-cdk-lib, '
      + 'Go: github.com/aws/aws-cdk-go/awscdk/v2)');
    error.name = 'UnsupportedAwsCdkLibError';
    throw error;
  }
  return signing;
}
