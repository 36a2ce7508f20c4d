import { estimateItemSize, fitItemSize, ItemTooLargeError } from '../../../lambdas/polling/item-size';

const big = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ i, text: 'x'.repeat(size) }));

describe('fitItemSize', () => {
  it('leaves an item under the limit as it is', () => {
    // Prepare
    const item = { pk: 'p', sk: 's', list: big(3, 10) };

    // Act
    const fitted = fitItemSize(item, ['list'], 10_000);

    // Assess
    expect(fitted).toEqual({ item, truncated: false, sizeBytes: estimateItemSize(item) });
  });

  it('halves the largest free-form array until the item fits, and marks it truncated', () => {
    // Prepare
    const item = { pk: 'p', sk: 's', name: 'keep me', large: big(400, 100), small: big(4, 10) };

    // Act
    const fitted = fitItemSize(item, ['large', 'small'], 10_000);

    // Assess
    expect(fitted.truncated).toBe(true);
    expect(fitted.item).toMatchObject({ name: 'keep me', truncated: true, small: item.small });
    expect(fitted.item.large.length).toBeLessThan(400);
    expect(fitted.item.large[0]).toEqual(item.large[0]);
    expect(fitted.sizeBytes).toBeLessThanOrEqual(10_000);
    expect(estimateItemSize(fitted.item)).toBe(fitted.sizeBytes);
  });

  it('throws ItemTooLargeError when cutting the free-form fields is not enough', () => {
    // Prepare
    const item = { pk: 'p', sk: 's', description: 'y'.repeat(20_000), list: big(10, 10) };

    // Act
    const fit = () => fitItemSize(item, ['list'], 10_000);

    // Assess
    expect(fit).toThrow(ItemTooLargeError);
  });

  it('estimates more than the plain JSON length (type tags included)', () => {
    // Prepare
    const item = { pk: 'p', sk: 's', n: 1, list: ['a', 'b'] };

    // Act
    const size = estimateItemSize(item);

    // Assess
    expect(size).toBeGreaterThan(JSON.stringify(item).length);
  });
});
