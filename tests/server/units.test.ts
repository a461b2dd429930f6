import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/server/export.ts';
import { escapeHtml, jsonForHtml } from '../../src/server/html.ts';
import { RateLimiter } from '../../src/server/ratelimit.ts';
import { sameJoinCode, sameSecret } from '../../src/server/secrets.ts';
import { injectClient } from '../../src/server/static.ts';
import { checkEvents, checkName } from '../../src/server/validate.ts';
import { open, step, wire } from './helpers.ts';

describe('client injection', () => {
  const TAG = '<script type="module" src="/_classroom/client.js"></script>';

  it('goes before the page’s first script, inside head', () => {
    const html = injectClient('<html><head><title>t</title><script src="/a.js"></script></head><body></body></html>');
    expect(html.indexOf(TAG)).toBeGreaterThan(html.indexOf('<title>'));
    expect(html.indexOf(TAG)).toBeLessThan(html.indexOf('/a.js'));
  });

  it('goes before </head> when the head has no script, and after <body> without a head', () => {
    expect(injectClient('<head><title>t</title></head><body><script></script></body>')).toMatch(
      /<\/title><link[^>]+><script type="module" src="\/_classroom\/client.js"><\/script><\/head>/,
    );
    expect(injectClient('<body class="x"><p>hi</p></body>')).toMatch(/^<body class="x"><link[^>]+>.*client\.js.*<p>hi/);
    expect(injectClient('plain')).toMatch(/client\.js.*plain$/);
  });

  it('marks the instructor’s pages', () => {
    expect(injectClient('<head></head>', true)).toContain('<meta name="ntlab-classroom-role" content="instructor">');
    expect(injectClient('<head></head>')).not.toContain('ntlab-classroom-role');
  });
});

describe('escaping', () => {
  it('escapes HTML and keeps embedded JSON inert', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForHtml({ name: '</script><script>alert(1)</script>&' });
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>&' });
  });

  it('quotes CSV fields and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
  });
});

describe('secrets', () => {
  it('compare whole values, and join codes without case or spaces', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
    expect(sameJoinCode(' k7q-f2m ', 'K7QF2M')).toBe(true);
    expect(sameJoinCode('K7QF2', 'K7QF2M')).toBe(false);
  });
});

describe('rate limiter', () => {
  it('allows a burst, then the steady rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 1]);
    expect(limiter.take('b')).toBe(0);
    now = 1000;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 1]);
  });
});

describe('validation', () => {
  it('drops a repeated id inside one request and keeps only known fields', () => {
    const e = wire(step(1, 'ver'));
    const extra = { ...e, activity: { ...e.activity, secretField: 'x' } };
    const r = checkEvents({ events: [extra, e], sentAt: 5 });
    expect(r.ok && r.value.events).toHaveLength(1);
    expect(r.ok && 'secretField' in r.value.events[0].activity).toBe(false);
    expect(r.ok && r.value.sentAt).toBe(5);
  });

  it('names the bad field', () => {
    const r = checkEvents({ events: [wire(open()), { ...wire(step(2, 'x')), at: 'soon' }] });
    expect(r).toEqual({ ok: false, message: 'events[1].at must be a time in ms' });
    const s = checkEvents({ events: [wire({ ...step(2, 'x'), status: 1.5 } as ReturnType<typeof step>)] });
    expect(s).toEqual({ ok: false, message: 'events[0].activity.status must be an integer or null' });
  });

  it('tidies names', () => {
    expect(checkName('  Ada   Lovelace ')).toEqual({ ok: true, value: 'Ada Lovelace' });
    expect(checkName(42)).toEqual({ ok: false, message: 'name must be a string' });
  });
});
