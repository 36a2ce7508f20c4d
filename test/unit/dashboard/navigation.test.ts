import { appPath, documentTitle, handlesClick, type LinkClick } from '../../../bin/dashboard/app/model/navigation';

const PAGE = 'http://127.0.0.1:3002/flows?q=News';

const click = (href: string, overrides: Partial<LinkClick> = {}): LinkClick => ({
  button: 0,
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  defaultPrevented: false,
  target: null,
  download: false,
  href,
  ...overrides,
});

describe('handlesClick', () => {
  it('handles a plain click on a link to another view of the dashboard', () => {
    // Prepare
    const links = [
      'http://127.0.0.1:3002/',
      'http://127.0.0.1:3002/flows/arn%3Aaws%3Amediaconnect%3Aeu-west-1%3A111122223333%3Aflow%3A1-a%3AVenue.1',
      '/alarms?state=OK',
      'http://127.0.0.1:3002/flows?q=Sport',
    ];

    // Act
    const handled = links.map((href) => handlesClick(click(href), PAGE));

    // Assess
    expect(handled).toEqual([true, true, true, true]);
  });

  it('leaves a click with a modifier key or another button to the browser (new tab, new window, download)', () => {
    // Prepare
    const href = 'http://127.0.0.1:3002/alarms';
    const clicks = [
      click(href, { metaKey: true }),
      click(href, { ctrlKey: true }),
      click(href, { shiftKey: true }),
      click(href, { altKey: true }),
      click(href, { button: 1 }),
      click(href, { target: '_blank' }),
      click(href, { download: true }),
      click(href, { defaultPrevented: true }),
    ];

    // Act
    const handled = clicks.map((c) => handlesClick(c, PAGE));

    // Assess
    expect(handled.every((h) => h === false)).toBe(true);
  });

  it('leaves other origins, the API, served files and a fragment of the same page to the browser', () => {
    // Prepare
    const links = [
      'https://console.aws.amazon.com/mediaconnect/home',
      'http://127.0.0.1:3003/flows',
      'http://127.0.0.1:3002/api/flows',
      'http://127.0.0.1:3002/config.json',
      'http://127.0.0.1:3002/flows?q=News#main',
    ];

    // Act
    const handled = links.map((href) => handlesClick(click(href), PAGE));

    // Assess
    expect(handled).toEqual([false, false, false, false, false]);
  });

  it('handles a link with target _self like a plain one', () => {
    // Prepare / Act
    const handled = handlesClick(click('/alarms', { target: '_self' }), PAGE);

    // Assess
    expect(handled).toBe(true);
  });
});

describe('appPath and documentTitle', () => {
  it('keeps the path, query and fragment of a link', () => {
    // Prepare / Act
    const path = appPath('http://127.0.0.1:3002/flows?q=a%20b#x', PAGE);

    // Assess
    expect(path).toBe('/flows?q=a%20b#x');
  });

  it('titles the tab after the view heading, or the product alone', () => {
    // Prepare / Act
    const titles = [documentTitle(' Venue-1 '), documentTitle(''), documentTitle(undefined)];

    // Assess
    expect(titles).toEqual(['Venue-1 · Media monitor', 'Media monitor', 'Media monitor']);
  });
});
