import { publicView } from '../../../lambdas/api/views';

describe('publicView', () => {
  it('leaves out keys, hashes, versions and the engine record of link declarations', () => {
    // Act
    const view = publicView({
      pk: 'RES#arn',
      sk: '#META',
      arn: 'arn',
      name: 'Alpha',
      hash: 'h',
      treeHash: 't',
      version: 1,
      chainLinks: new Set(['.']),
      linksHash: 'l',
    });

    // Assess
    expect(view).toEqual({ arn: 'arn', name: 'Alpha' });
  });
});
